package com.roisystems.ml.monitoring.alert;

import com.roisystems.ml.bus.Topic;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model monitoring alert firing or resolved, published once on {@link #TOPIC} — the {@code alerts} address the
 * pipeline's {@code PipelineAlert}s use too; {@code source} ({@value #SOURCE}) tells a JSON reader which it holds, and
 * {@code bus.Bus} hands each subscriber only its topic's type — and POSTed to the webhook as
 * {@link #toAlertmanager()}.
 *
 * <p>{@code Bus.subscribe(vertx, ModelAlert.TOPIC, alert -> page(alert.summary()));}
 */
public record ModelAlert(String source, String status, String alertKey, String condition, String modelName, int modelVersion,
                         Map<String, String> labels, String summary, String description, Double value, Instant periodStart,
                         Instant periodEnd, Instant startsAt, Instant endsAt, String generatorUrl) {

    /** The address {@code pipeline.PipelineAlert} publishes on: one address for every alert of the service. */
    public static final String ADDRESS = "alerts";
    public static final String SOURCE = "monitoring";
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";
    public static final WireFormat<ModelAlert> FORMAT = WireFormat.of(ModelAlert.class, ModelAlert::toJson, ModelAlert::fromJson);
    public static final Topic<ModelAlert> TOPIC = Topic.of(ADDRESS, FORMAT);

    public ModelAlert {
        labels = Map.copyOf(labels);
    }

    public boolean firing() {
        return FIRING.equals(status);
    }

    /** One element of Alertmanager's {@code POST /api/v2/alerts} array; {@code endsAt} only once resolved. */
    public JsonObject toAlertmanager() {
        JsonObject alert = new JsonObject()
                .put("labels", new JsonObject(new LinkedHashMap<>(labels)))
                .put("annotations", new JsonObject().put("summary", summary).put("description", description))
                .put("startsAt", startsAt.toString())
                .put("generatorURL", generatorUrl);
        if (endsAt != null) {
            alert.put("endsAt", endsAt.toString());
        }
        return alert;
    }

    public JsonObject toJson() {
        return new JsonObject().put("source", source).put("status", status).put("alert_key", alertKey).put("condition", condition)
                .put("model_name", modelName).put("model_version", modelVersion).put("labels", new JsonObject(new LinkedHashMap<>(labels)))
                .put("summary", summary).put("description", description).put("value", value)
                .put("period_start", periodStart.toString()).put("period_end", periodEnd.toString())
                .put("starts_at", startsAt.toString()).put("ends_at", endsAt == null ? null : endsAt.toString())
                .put("generator_url", generatorUrl);
    }

    public static ModelAlert fromJson(JsonObject json) {
        Map<String, String> labels = new LinkedHashMap<>();
        json.getJsonObject("labels", new JsonObject()).forEach(entry -> labels.put(entry.getKey(), String.valueOf(entry.getValue())));
        String endsAt = json.getString("ends_at");
        return new ModelAlert(json.getString("source"), json.getString("status"), json.getString("alert_key"), json.getString("condition"),
                json.getString("model_name"), json.getInteger("model_version"), labels, json.getString("summary"), json.getString("description"),
                json.getDouble("value"), Instant.parse(json.getString("period_start")), Instant.parse(json.getString("period_end")),
                Instant.parse(json.getString("starts_at")), endsAt == null ? null : Instant.parse(endsAt), json.getString("generator_url"));
    }
}
