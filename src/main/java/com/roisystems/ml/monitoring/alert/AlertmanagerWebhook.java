package com.roisystems.ml.monitoring.alert;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * POSTs alerts to {@code monitoring.alerts.webhookUrl} as Alertmanager's {@code POST /api/v2/alerts} body (an array of
 * {@link ModelAlert#toAlertmanager()}), so the URL may be an Alertmanager itself or any receiver that reads that shape.
 * A refused or failed POST is retried {@code webhookRetries} times, waiting {@code webhookRetryDelayMs} doubled each
 * time, then logged as lost; nobody waits for it (the bus and {@code ml_alerts} already hold the alert).
 *
 * <p>{@code webhook.post(alerts)  // completes true once a 2xx answered, false when every try failed}
 */
final class AlertmanagerWebhook {

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerWebhook.class);

    private final Vertx vertx;
    private final AlertSettings settings;
    private WebClient client;

    AlertmanagerWebhook(Vertx vertx, AlertSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
    }

    boolean configured() {
        return settings.webhookUrl() != null;
    }

    Future<Boolean> post(List<ModelAlert> alerts) {
        if (!configured() || alerts.isEmpty()) {
            return Future.succeededFuture(false);
        }
        if (client == null) {
            client = WebClient.create(vertx);
        }
        Buffer body = new JsonArray(alerts.stream().map(ModelAlert::toAlertmanager).toList()).toBuffer();
        Promise<Boolean> delivered = Promise.promise();
        attempt(body, alerts.size(), 0, delivered);
        return delivered.future();
    }

    private void attempt(Buffer body, int count, int attempt, Promise<Boolean> delivered) {
        client.postAbs(settings.webhookUrl()).timeout(settings.webhookTimeoutMs()).putHeader("content-type", "application/json")
                .sendBuffer(body)
                .compose(response -> response.statusCode() / 100 == 2 ? Future.succeededFuture(response.statusCode())
                        : Future.failedFuture("HTTP " + response.statusCode()))
                .onSuccess(status -> {
                    log.info("{} alert(s) posted to the webhook {}: HTTP {}", count, settings.webhookUrl(), status);
                    delivered.complete(true);
                })
                .onFailure(failure -> {
                    if (attempt < settings.webhookRetries()) {
                        long delay = settings.webhookRetryDelayMs() << attempt;
                        log.warn("Alert webhook {} failed ({}), try {} of {} in {} ms", settings.webhookUrl(), failure.getMessage(),
                                attempt + 2, settings.webhookRetries() + 1, delay);
                        vertx.setTimer(Math.max(1, delay), id -> attempt(body, count, attempt + 1, delivered));
                    } else {
                        log.error("Alert webhook {} failed {} time(s), {} alert(s) not delivered there: {}", settings.webhookUrl(),
                                attempt + 1, count, failure.getMessage());
                        delivered.complete(false);
                    }
                });
    }
}
