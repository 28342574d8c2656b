package com.roisystems.ml.registry;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The audit trail of one model name's stage changes, oldest first: who moved which version from where to
 * where, when and why. Empty for a name that was never promoted (or does not exist). The reply of
 * {@link RegistryContract#HISTORY}.
 *
 * <p>{@code registry.history("move_probability_model").map(history -> history.changes().size())}
 */
public record StageHistory(String name, List<Change> changes) {

    public static final WireFormat<StageHistory> FORMAT = WireFormat.of(StageHistory.class, StageHistory::toJson, StageHistory::fromJson);

    public StageHistory {
        changes = List.copyOf(changes);
    }

    /** One stage change; {@code reason} may be null. */
    public record Change(int version, Stage from, Stage to, String changedBy, String reason, OffsetDateTime changedAt) {
    }

    /** {@code {"model_name", "history": [{"version", "from", "to", "changed_by", "reason", "changed_at"}]}}. */
    public JsonObject toJson() {
        JsonArray history = new JsonArray();
        for (Change change : changes) {
            history.add(new JsonObject()
                    .put("version", change.version())
                    .put("from", change.from().display())
                    .put("to", change.to().display())
                    .put("changed_by", change.changedBy())
                    .put("reason", change.reason())
                    .put("changed_at", change.changedAt().toString()));
        }
        return new JsonObject().put("model_name", name).put("history", history);
    }

    public static StageHistory fromJson(JsonObject json) {
        return new StageHistory(json.getString("model_name"), json.getJsonArray("history").stream().map(JsonObject.class::cast)
                .map(change -> new Change(change.getInteger("version"), Stage.parse(change.getString("from")),
                        Stage.parse(change.getString("to")), change.getString("changed_by"), change.getString("reason"),
                        OffsetDateTime.parse(change.getString("changed_at"))))
                .toList());
    }
}
