package com.roisystems.ml.predictionlog;

import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory serving statistics per model version: predictions, errors, latency distribution and the
 * last prediction time, since start (for {@code /v1/models/{name}/health}) and since the last
 * persistence (the delta written to {@code ml_monitoring}). Used from one verticle's event loop.
 */
final class ModelHealthStats {

    /** Counters of one model version. */
    static final class Counters {
        long predictions;
        long errors;
        double latencySumMs;
        Instant lastPredictionAt;
        final Histogram latencyMicros = new Histogram(3_600_000_000L, 2);

        void record(double latencyMs, boolean error, Instant at) {
            if (error) {
                errors++;
            } else {
                predictions++;
            }
            latencySumMs += latencyMs;
            latencyMicros.recordValue(Math.max(0, Math.min(3_600_000_000L, Math.round(latencyMs * 1000))));
            if (lastPredictionAt == null || at.isAfter(lastPredictionAt)) {
                lastPredictionAt = at;
            }
        }

        double averageLatencyMs() {
            long requests = predictions + errors;
            return requests == 0 ? 0 : latencySumMs / requests;
        }

        double p95LatencyMs() {
            return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(95) / 1000.0;
        }
    }

    record Key(String modelName, int version) {
    }

    private final Map<Key, Counters> sinceStart = new ConcurrentHashMap<>();
    private Map<Key, Counters> sincePersisted = new ConcurrentHashMap<>();

    void record(String modelName, int version, double latencyMs, boolean error, Instant at) {
        Key key = new Key(modelName, version);
        sinceStart.computeIfAbsent(key, k -> new Counters()).record(latencyMs, error, at);
        sincePersisted.computeIfAbsent(key, k -> new Counters()).record(latencyMs, error, at);
    }

    /** The versions of {@code modelName} seen since start, newest version first. */
    List<Map.Entry<Key, Counters>> sinceStart(String modelName) {
        List<Map.Entry<Key, Counters>> entries = new ArrayList<>();
        sinceStart.entrySet().stream().filter(e -> e.getKey().modelName().equals(modelName))
                .sorted((a, b) -> Integer.compare(b.getKey().version(), a.getKey().version()))
                .forEach(entries::add);
        return entries;
    }

    /** Hands over the counters gathered since the last call and starts new ones. */
    Map<Key, Counters> drainForPersistence() {
        Map<Key, Counters> drained = sincePersisted;
        sincePersisted = new ConcurrentHashMap<>();
        return drained;
    }

    /** Puts counters back when persisting failed, so the next attempt writes them. */
    void restore(Map<Key, Counters> unpersisted) {
        unpersisted.forEach((key, counters) -> sincePersisted.merge(key, counters, (current, old) -> {
            old.predictions += current.predictions;
            old.errors += current.errors;
            old.latencySumMs += current.latencySumMs;
            old.latencyMicros.add(current.latencyMicros);
            if (current.lastPredictionAt != null && (old.lastPredictionAt == null || current.lastPredictionAt.isAfter(old.lastPredictionAt))) {
                old.lastPredictionAt = current.lastPredictionAt;
            }
            return old;
        }));
    }
}
