package com.roisystems.ml.cli;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.predictionlog.LoggedPrediction;
import com.roisystems.ml.predictionlog.PredictionLogContract;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A child JVM for {@link GracefulStopTest}: the service on embedded servers (as {@code serve}), with one prediction
 * handed to the prediction log so its model health and serving window are still to be written when SIGTERM comes.
 */
public final class ServiceWithPendingLogChild {

    private ServiceWithPendingLogChild() {
    }

    public static void main(String[] args) throws Exception {
        AppConfig config = AppConfig.load(null, System.getenv());
        try (ServiceRuntime service = ServiceRuntime.start(config, Path.of(args[0]), resolved -> { })) {
            JsonObject features = new JsonObject().put("values", new JsonObject(Map.of("age", 41.0)));
            Bus.publish(service.vertx(), PredictionLogContract.LOGGED, new LoggedPrediction("p-1", "USER", "u-1",
                    "MOVE_PROBABILITY", "move_probability_model", 1, new JsonObject(), features, 0.4, null, 0.4,
                    new JsonObject(), 3.0, Instant.now()));
            System.out.println("READY");
            System.out.flush();
            service.awaitShutdown();
        }
    }
}
