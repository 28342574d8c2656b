package com.roisystems.ml.bus;

import java.util.function.Supplier;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * One component's health. A probe answers {@code {"status": "UP" | "DEGRADED" | "DOWN", ...details}};
 * a failed future or a timeout counts as DOWN. DEGRADED means the service still answers correctly,
 * only slower (Redis down: features come from PostgreSQL).
 */
public interface HealthProbe {

    String UP = "UP";
    String DEGRADED = "DEGRADED";
    String DOWN = "DOWN";

    /** The component's name in {@code /health}'s {@code components} object. */
    String name();

    /** Whether the service is unhealthy (503) when this component is DOWN. */
    default boolean critical() {
        return true;
    }

    Future<JsonObject> check();

    /** A probe from its parts. {@code HealthProbe.of("redis", false, () -> ping())} */
    static HealthProbe of(String name, boolean critical, Supplier<Future<JsonObject>> check) {
        return new HealthProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean critical() {
                return critical;
            }

            @Override
            public Future<JsonObject> check() {
                return check.get();
            }
        };
    }

    /**
     * A non-critical component that reports its own health on the bus ({@code status}); where nothing serves that
     * address (the component is not deployed in this service) it is UP with {@code deployed: false}, so a service
     * without it is not called degraded.
     */
    static HealthProbe ofService(io.vertx.core.Vertx vertx, String name, Endpoint<HealthQuery, ComponentHealth> status) {
        return of(name, false, () -> Bus.request(vertx, status, HealthQuery.NOW)
                .map(ComponentHealth::toJson)
                .recover(failure -> failure instanceof ServiceFailure unanswered && unanswered.failureType() == ReplyFailure.NO_HANDLERS
                        ? Future.succeededFuture(new JsonObject().put("status", UP).put("deployed", false))
                        : Future.failedFuture(failure)));
    }
}
