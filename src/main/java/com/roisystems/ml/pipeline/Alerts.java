package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.Bus;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises a {@link PipelineAlert}: an ERROR log line, a message on the {@code alerts} address, and a
 * POST to the webhook when one is configured. A webhook that fails is logged, never retried: the log
 * and the event bus already carry the alert.
 *
 * <p>{@code alerts.raise(new PipelineAlert("pipeline", runId, asOf, "FAILED", reason, Instant.now()));}
 */
final class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final Vertx vertx;
    private final String webhookUrl;
    private WebClient client;

    Alerts(Vertx vertx, String webhookUrl) {
        this.vertx = vertx;
        this.webhookUrl = webhookUrl;
    }

    void raise(PipelineAlert alert) {
        log.error("Pipeline run {} (as of {}) {}: {}", alert.runId(), alert.asOf(), alert.status(), alert.reason());
        Bus.publish(vertx, PipelineAlert.TOPIC, alert);
        if (webhookUrl != null) {
            if (client == null) {
                client = WebClient.create(vertx);
            }
            client.postAbs(webhookUrl).sendJsonObject(alert.toJson())
                    .onSuccess(response -> log.info("Alert for run {} posted to the webhook: HTTP {}", alert.runId(), response.statusCode()))
                    .onFailure(failure -> log.warn("Alert webhook {} failed for run {}: {}", webhookUrl, alert.runId(), failure.toString()));
        }
    }
}
