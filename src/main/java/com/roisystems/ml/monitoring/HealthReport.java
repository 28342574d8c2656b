package com.roisystems.ml.monitoring;

import com.roisystems.ml.bus.HealthProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs every probe concurrently with a deadline and folds them into the {@code /health} document:
 * {@code {"status": "healthy" | "degraded" | "unhealthy", "components": {name: {...}}}}.
 *
 * <p>{@code new HealthReport(vertx, probes, 2000).check().onSuccess(report -> ...)}
 */
public final class HealthReport {

    private final Vertx vertx;
    private final List<HealthProbe> probes;
    private final long timeoutMillis;

    public HealthReport(Vertx vertx, List<HealthProbe> probes, long timeoutMillis) {
        this.vertx = vertx;
        this.probes = List.copyOf(probes);
        this.timeoutMillis = timeoutMillis;
    }

    /** Never fails: a failing probe becomes a DOWN component with its reason. */
    public Future<JsonObject> check() {
        List<Future<JsonObject>> checks = probes.stream().map(this::checkOne).toList();
        return Future.join(checks).transform(ignored -> {
            JsonObject components = new JsonObject();
            boolean unhealthy = false;
            boolean degraded = false;
            for (int i = 0; i < probes.size(); i++) {
                HealthProbe probe = probes.get(i);
                JsonObject state = checks.get(i).result();
                components.put(probe.name(), state);
                String status = state.getString("status");
                if (HealthProbe.DOWN.equals(status)) {
                    if (probe.critical()) {
                        unhealthy = true;
                    } else {
                        degraded = true;
                    }
                } else if (HealthProbe.DEGRADED.equals(status)) {
                    degraded = true;
                }
            }
            String overall = unhealthy ? "unhealthy" : degraded ? "degraded" : "healthy";
            return Future.succeededFuture(new JsonObject().put("status", overall).put("components", components));
        });
    }

    private Future<JsonObject> checkOne(HealthProbe probe) {
        long started = System.nanoTime();
        return probe.check()
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .map(state -> state.put("latency_ms", elapsedMillis(started)))
                .otherwise(failure -> new JsonObject()
                        .put("status", HealthProbe.DOWN)
                        .put("error", failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage()));
    }

    private static double elapsedMillis(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
    }
}
