package com.roisystems.ml.monitoring;

import com.roisystems.ml.config.Redaction;
import com.roisystems.ml.bus.HealthProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs every probe concurrently with a deadline and folds them into the {@code /health} document, in two
 * views: the detailed one, {@code {"status": "healthy" | "degraded" | "unhealthy", "components": {name: {...}}}},
 * for operators, and the public one, {@link #summary} ({@code {"status"}} only), for anyone. No view ever
 * carries a credential: every text a component reports (addresses, error messages) passes {@link Redaction}.
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

    /**
     * The detailed document. Never fails: a failing probe becomes a DOWN component with its reason.
     *
     * <p>{@code report.check().map(HealthReport::summary)} gives the public view of the same check.
     */
    public Future<JsonObject> check() {
        List<Future<JsonObject>> checks = probes.stream().map(this::checkOne).toList();
        return Future.join(checks).transform(ignored -> {
            JsonObject components = new JsonObject();
            boolean unhealthy = false;
            boolean degraded = false;
            for (int i = 0; i < probes.size(); i++) {
                HealthProbe probe = probes.get(i);
                JsonObject state = redacted(checks.get(i).result());
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

    /**
     * The public view of a detailed document: the overall status alone, which is all a caller without the
     * right to see the details (servers, addresses, errors) may learn.
     *
     * <p>{@code {"status": "degraded"}}
     */
    public static JsonObject summary(JsonObject report) {
        return new JsonObject().put("status", report.getString("status"));
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

    /** A copy of a component's state with every text, however deep, passed through {@link Redaction}. */
    private static JsonObject redacted(JsonObject state) {
        JsonObject copy = new JsonObject();
        state.forEach(entry -> copy.put(entry.getKey(), redactedValue(entry.getValue())));
        return copy;
    }

    private static Object redactedValue(Object value) {
        if (value instanceof String text) {
            return Redaction.redact(text);
        }
        if (value instanceof JsonObject object) {
            return redacted(object);
        }
        if (value instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(item -> copy.add(redactedValue(item)));
            return copy;
        }
        return value;
    }

    private static double elapsedMillis(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
    }
}
