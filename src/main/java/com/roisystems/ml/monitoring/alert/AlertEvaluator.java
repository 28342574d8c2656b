package com.roisystems.ml.monitoring.alert;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.monitoring.MonitoringContract.DriftWindow;
import com.roisystems.ml.monitoring.MonitoringContract.PerformanceWindow;
import com.roisystems.ml.monitoring.MonitoringStore;
import com.roisystems.ml.monitoring.alert.AlertCondition.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each model's latest closed windows into alerts: reads the latest compared hourly drift window and the latest
 * window with performance of every model (those that ended within {@code staleAfterMs}), derives the conditions that
 * hold ({@link AlertConditions}), reconciles them with the open alerts ({@link AlertStore}: one alert per condition
 * until it resolves, whichever instance evaluates), then sends what changed — each opened or resolved alert on the
 * {@code alerts} address ({@link ModelAlert#TOPIC}) and, all together, to the webhook ({@link AlertmanagerWebhook},
 * not waited for) — and sets the gauges ({@link ModelGauges}). Runs after the drift and performance jobs close windows.
 *
 * <p>{@code new AlertEvaluator(vertx, pool, AlertSettings.of(config()), registry).evaluate(Instant.now())}
 */
public final class AlertEvaluator {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final Vertx vertx;
    private final AlertSettings settings;
    private final MonitoringStore windows;
    private final AlertStore alerts;
    private final AlertConditions conditions;
    private final AlertmanagerWebhook webhook;
    private final ModelGauges gauges;
    private Future<Boolean> lastDelivery = Future.succeededFuture(false);

    public AlertEvaluator(Vertx vertx, Pool pool, AlertSettings settings, MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.windows = new MonitoringStore(vertx, pool);
        this.alerts = new AlertStore(pool);
        this.conditions = new AlertConditions(settings);
        this.webhook = new AlertmanagerWebhook(vertx, settings);
        this.gauges = new ModelGauges(registry);
    }

    /** Evaluates the windows as of {@code now}; the alerts it opened and resolved (already published). */
    public Future<List<ModelAlert>> evaluate(Instant now) {
        if (!settings.enabled()) {
            return Future.succeededFuture(List.of());
        }
        Instant since = now.minusMillis(settings.staleAfterMs());
        Future<List<DriftWindow>> drift = windows.latestComparedWindows(since);
        Future<List<PerformanceWindow>> performance = windows.latestPerformanceWindows(since);
        return Future.all(drift, performance)
                .compose(both -> {
                    List<AlertCondition> holding = new ArrayList<>();
                    drift.result().forEach(window -> holding.addAll(AlertConditions.of(window)));
                    performance.result().forEach(window -> holding.addAll(conditions.of(window)));
                    return alerts.reconcile(holding, now);
                })
                .map(changes -> send(changes, now))
                .compose(sent -> alerts.activePerModel()
                        .map(active -> {
                            gauges.update(drift.result(), performance.result(), active);
                            return sent;
                        }));
    }

    /** The last webhook delivery this evaluator started: true once posted, false when not configured or every try failed. */
    public Future<Boolean> lastDelivery() {
        return lastDelivery;
    }

    /** Removes the gauges (the owning verticle stops). */
    public void close() {
        gauges.close();
    }

    private List<ModelAlert> send(AlertStore.Changes changes, Instant now) {
        List<ModelAlert> sent = new ArrayList<>();
        changes.fired().forEach(row -> sent.add(alert(row, ModelAlert.FIRING, null)));
        changes.resolved().forEach(row -> sent.add(alert(row, ModelAlert.RESOLVED, now)));
        for (ModelAlert alert : sent) {
            if (alert.firing()) {
                log.warn("Alert firing {}: {} ({})", alert.alertKey(), alert.summary(), alert.description());
            } else {
                log.info("Alert resolved {}: {}", alert.alertKey(), alert.summary());
            }
            Bus.publish(vertx, ModelAlert.TOPIC, alert);
        }
        if (!sent.isEmpty()) {
            lastDelivery = webhook.post(sent);
        }
        return sent;
    }

    private ModelAlert alert(Row row, String status, Instant endsAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        row.getJsonObject("labels").forEach(entry -> labels.put(entry.getKey(), String.valueOf(entry.getValue())));
        String model = row.getString("model_name");
        boolean performance = Kind.valueOf(row.getString("condition").toUpperCase(java.util.Locale.ROOT)).isPerformance();
        String generator = settings.generatorBaseUrl() + "/v1/monitoring/" + model + (performance ? "/performance" : "/drift");
        return new ModelAlert(ModelAlert.SOURCE, status, row.getString("alert_key"), row.getString("condition"), model,
                row.getInteger("model_version"), labels, row.getString("summary"), row.getString("description"), row.getDouble("value"),
                row.getOffsetDateTime("period_start").toInstant(), row.getOffsetDateTime("period_end").toInstant(),
                row.getOffsetDateTime("started_at").toInstant(), endsAt, generator);
    }
}
