package com.roisystems.ml.bridge;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.monitoring.DriftWindowClosed;
import com.roisystems.ml.monitoring.alert.ModelAlert;
import com.roisystems.ml.monitoring.performance.WindowPerformanceWritten;
import com.roisystems.ml.pipeline.PipelineAlert;
import com.roisystems.ml.pipeline.PipelineProgress;
import com.roisystems.ml.predictionlog.LoggedPrediction;
import com.roisystems.ml.predictionlog.PredictionLogContract;
import com.roisystems.ml.registry.ModelsChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The live streams bridge clients listen on, as JSON: the service's own topics carry records (delivered as themselves
 * on the local bus), so each stream is republished here on a {@code live.*} address in its contract's JSON, and a
 * client sees only what it may: the sampled predictions carry the entity id, the answer and the top SHAP
 * contributions, never the request or the feature values.
 *
 * <p>The prediction stream costs the scoring path nothing until a client asks for it: {@code predictions.served} is
 * subscribed on the first registration ({@link #PREDICTIONS_WANTED}), then sampled at most {@code predictionsPerSecond}.
 */
final class LiveStreams {

    /**
     * Every stream goes to this node's bridge clients only: each node's streams forward what reaches this node (the
     * cluster-wide topics reach every node, so a client on any node sees each alert once) and report this node's rates.
     */
    private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);

    static final String MODELS_CHANGED = "live.models.changed";
    static final String ALERTS = "live.alerts";
    static final String PIPELINE_PROGRESS = "live.pipeline.progress";
    static final String PREDICTIONS = "live.predictions";
    static final String INGESTION_RATES = "live.ingestion.rates";
    static final String HEALTH = "live.health";
    /** A model's monitoring window written: {@code kind} {@code drift} (a window closed) or {@code performance} (its performance computed). */
    static final String MONITORING_WINDOWS = "live.monitoring.windows";
    /** Sent (locally) by a bridge when a client registers on the prediction stream. */
    static final String PREDICTIONS_WANTED = "bridge.predictions.wanted";
    /** The counter {@code ingest.IngestMetrics} counts events with, by {@code event_type} and {@code outcome}. */
    static final String INGEST_EVENTS = "roi_ingest_events_total";
    static final String INGEST_LAG = "roi_ingest_consumer_lag";
    private static final int TOP_CONTRIBUTIONS = 5;
    private static final int LATENCY_RESERVOIR = 1_024;

    private final Vertx vertx;
    private final long minNanosBetweenPredictions;
    private final Supplier<Future<JsonObject>> healthCheck;
    private boolean predictionsSubscribed;
    private long nextPredictionNanos;
    private Map<String, Double> lastCounts = new HashMap<>();
    private long lastCountsNanos = System.nanoTime();
    private JsonObject lastHealthStatuses;
    /** Every prediction served since the last rates report (counted once the stream is subscribed), and a reservoir of their latencies. */
    private long servedSinceReport;
    private final double[] latencyReservoir = new double[LATENCY_RESERVOIR];

    LiveStreams(Vertx vertx, double predictionsPerSecond, Supplier<Future<JsonObject>> healthCheck) {
        this.vertx = vertx;
        this.minNanosBetweenPredictions = (long) (1e9 / predictionsPerSecond);
        this.healthCheck = healthCheck;
    }

    Future<Void> start(long ratesIntervalMs, long healthIntervalMs) {
        vertx.setPeriodic(ratesIntervalMs, ignored -> publishRates());
        vertx.setPeriodic(healthIntervalMs, ignored -> publishHealthChange());
        return Future.all(List.of(
                Bus.subscribe(vertx, ModelsChanged.TOPIC, changed -> vertx.eventBus().publish(MODELS_CHANGED, changed.toJson(), THIS_NODE)),
                Bus.subscribe(vertx, PipelineAlert.TOPIC, alert -> vertx.eventBus().publish(ALERTS, alert.toJson(), THIS_NODE)),
                Bus.subscribe(vertx, PipelineProgress.TOPIC, step -> vertx.eventBus().publish(PIPELINE_PROGRESS, step.toJson(), THIS_NODE)),
                Bus.subscribe(vertx, ModelAlert.TOPIC, alert -> vertx.eventBus().publish(ALERTS, alert.toJson(), THIS_NODE)),
                Bus.subscribe(vertx, DriftWindowClosed.TOPIC, closed -> vertx.eventBus().publish(MONITORING_WINDOWS,
                        closed.toJson().put("kind", "drift"), THIS_NODE)),
                Bus.subscribe(vertx, WindowPerformanceWritten.TOPIC, written -> vertx.eventBus().publish(MONITORING_WINDOWS,
                        written.toJson().put("kind", "performance"), THIS_NODE)),
                vertx.eventBus().localConsumer(PREDICTIONS_WANTED, ignored -> subscribePredictions()).completion())).mapEmpty();
    }

    private void subscribePredictions() {
        if (!predictionsSubscribed) {
            predictionsSubscribed = true;
            Bus.subscribe(vertx, PredictionLogContract.SERVED, this::sample);
        }
    }

    /** At most one prediction per {@code 1/predictionsPerSecond}: the rest are dropped before anything is built. */
    private void sample(LoggedPrediction prediction) {
        countServed(prediction.latencyMs());
        long now = System.nanoTime();
        if (now - nextPredictionNanos < 0) {
            return;
        }
        nextPredictionNanos = now + minNanosBetweenPredictions;
        JsonObject sampled = sampled(prediction);
        vertx.eventBus().publish(PREDICTIONS, sampled, THIS_NODE);
        if (prediction.tenantId() != null) {
            vertx.eventBus().publish(PREDICTIONS + "." + prediction.tenantId(), sampled, THIS_NODE);
        }
    }

    /** The entity, the answer and the largest SHAP contributions; not the request, not the feature values. */
    static JsonObject sampled(LoggedPrediction prediction) {
        JsonArray top = new JsonArray();
        JsonObject shap = prediction.shapValues() == null ? new JsonObject() : prediction.shapValues();
        JsonObject contributions = shap.getJsonObject("contributions", new JsonObject());
        contributions.getMap().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof Number)
                .sorted(Comparator.comparingDouble(entry -> -Math.abs(((Number) entry.getValue()).doubleValue())))
                .limit(TOP_CONTRIBUTIONS)
                .forEach(entry -> top.add(new JsonObject().put("feature", entry.getKey()).put("contribution", entry.getValue())));
        return new JsonObject().put("prediction_id", prediction.predictionId()).put("entity_type", prediction.entityType())
                .put("entity_id", prediction.entityId()).put("prediction_type", prediction.predictionType())
                .put("model_name", prediction.modelName()).put("model_version", prediction.modelVersion())
                .put("predicted_value", prediction.predictedValue()).put("predicted_class", prediction.predictedClass())
                .put("confidence", prediction.confidence()).put("expected_value", shap.getValue("expected_value"))
                .put("top_shap", top).put("latency_ms", prediction.latencyMs()).put("created_at", prediction.createdAt().toString())
                .put("tenant_id", prediction.tenantId());
    }

    /** Counts a served prediction and keeps its latency in a uniform sample of the interval's (reservoir sampling). */
    private void countServed(double latencyMs) {
        servedSinceReport++;
        if (servedSinceReport <= LATENCY_RESERVOIR) {
            latencyReservoir[(int) servedSinceReport - 1] = latencyMs;
        } else {
            long slot = ThreadLocalRandom.current().nextLong(servedSinceReport);
            if (slot < LATENCY_RESERVOIR) {
                latencyReservoir[(int) slot] = latencyMs;
            }
        }
    }

    /**
     * Predictions per second and their p95 latency since the last report; null until a client listens on the prediction
     * stream (the served predictions are not followed before, so that they cost nothing).
     */
    private JsonObject predictionRates(double seconds) {
        if (!predictionsSubscribed) {
            return null;
        }
        int kept = (int) Math.min(servedSinceReport, LATENCY_RESERVOIR);
        double[] latencies = Arrays.copyOf(latencyReservoir, kept);
        Arrays.sort(latencies);
        JsonObject rates = new JsonObject().put("per_second", Math.round(servedSinceReport / seconds * 100) / 100.0)
                .put("p95_latency_ms", kept == 0 ? null : latencies[Math.max(0, (int) Math.ceil(0.95 * kept) - 1)]);
        servedSinceReport = 0;
        return rates;
    }

    /** Events per second by type and outcome since the last tick, from the ingestion counters; nothing where metrics are off. */
    private void publishRates() {
        MeterRegistry registry = BackendRegistries.getDefaultNow();
        if (registry == null) {
            return;
        }
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastCountsNanos) / 1e9);
        Map<String, Double> counts = new HashMap<>();
        for (Counter counter : registry.find(INGEST_EVENTS).counters()) {
            counts.merge(counter.getId().getTag("outcome") + '|' + counter.getId().getTag("event_type"), counter.count(), Double::sum);
        }
        JsonObject perOutcome = new JsonObject();
        counts.forEach((key, count) -> {
            String[] parts = key.split("\\|", 2);
            double rate = Math.max(0, count - lastCounts.getOrDefault(key, 0.0)) / seconds;
            JsonObject byType = perOutcome.getJsonObject(parts[0]);
            if (byType == null) {
                byType = new JsonObject();
                perOutcome.put(parts[0], byType);
            }
            byType.put(parts[1], Math.round(rate * 100) / 100.0);
        });
        lastCounts = counts;
        lastCountsNanos = now;
        Gauge lag = registry.find(INGEST_LAG).gauge();
        vertx.eventBus().publish(INGESTION_RATES, new JsonObject().put("at", Instant.now().toString())
                .put("interval_ms", Math.round(seconds * 1000)).put("per_second", perOutcome)
                .put("consumer_lag", lag == null ? null : (long) lag.value()).put("predictions", predictionRates(seconds)), THIS_NODE);
    }

    /** The detailed health document, pushed when the overall status or a component's status changed since the last check. */
    private void publishHealthChange() {
        healthCheck.get().onSuccess(report -> {
            JsonObject statuses = new JsonObject().put("status", report.getString("status"));
            report.getJsonObject("components", new JsonObject()).forEach(component ->
                    statuses.put(component.getKey(), ((JsonObject) component.getValue()).getString("status")));
            if (!statuses.equals(lastHealthStatuses)) {
                lastHealthStatuses = statuses;
                vertx.eventBus().publish(HEALTH, report.put("at", Instant.now().toString()), THIS_NODE);
            }
        });
    }
}
