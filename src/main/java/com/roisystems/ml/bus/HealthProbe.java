package com.roisystems.ml.bus;

import java.util.function.Supplier;
import io.vertx.core.Future;
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
}
