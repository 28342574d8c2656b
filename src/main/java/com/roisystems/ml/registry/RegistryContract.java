package com.roisystems.ml.registry;

import com.roisystems.ml.bus.JsonFields;
import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.ControlCharacters;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The model registry's event-bus contract: one {@link Endpoint} per admin operation, its request record and
 * its reply. {@link RegistryVerticle} serves it over {@link ModelRegistry}; the HTTP routes under
 * {@code /v1/admin/models} build these requests and forward them. A request read from JSON is validated by
 * its {@code fromJson}, so the HTTP edge and a JSON client get the same {@code 400 invalid_request} naming
 * the field; its message starts with the field too ({@code "stage: unknown stage 'Sideways'; ..."}).
 *
 * <ul>
 *   <li>{@link #LIST} ({@code admin.models.list}): {@link ListModels} → {@link ModelList}.</li>
 *   <li>{@link #GET} ({@code admin.models.get}): {@link GetModel} → {@link ModelLookup}, one version (a number,
 *       a stage or {@code latest}) or, when no version is named, all of them. 404 {@code not_found} when the
 *       model or the version does not exist; 400 naming {@code version} when it is none of the three.</li>
 *   <li>{@link #PROMOTE} ({@code admin.models.promote}): {@link Promote} → the promoted {@link ModelVersion}.
 *       400 naming {@code stage} or {@code version}; 404 when the version does not exist; 409 {@code conflict}
 *       when its stage cannot move to the target (None → Staging → Production → Archived → Staging).</li>
 *   <li>{@link #ARCHIVE} ({@code admin.models.archive}): {@link Archive} → the archived {@link ModelVersion};
 *       failures as for PROMOTE (an archived version cannot be archived again: 409).</li>
 *   <li>{@link #COMPARE} ({@code admin.models.compare}): {@link Compare} → {@link Comparison}. 400 naming
 *       {@code v1} or {@code v2} when one is not a version number, or {@code version} when the two models predict
 *       different types; 404 when either version does not exist.</li>
 *   <li>{@link #HISTORY} ({@code admin.models.history}): {@link GetHistory} → {@link StageHistory}; never fails
 *       for an unknown name (the history is empty).</li>
 * </ul>
 *
 * <p>Every endpoint: 400 naming {@code model_name} when it is missing; 409 when PostgreSQL refuses a change
 * (a unique or serialization violation when promotions race); 503 {@code service_unavailable} when the
 * registry does not answer within {@link #TIMEOUT_MS}, is not deployed, or cannot reach PostgreSQL; 500
 * {@code internal_error} for anything else, logged with its trace where it happened.
 *
 * <p>{@code Bus.request(vertx, RegistryContract.PROMOTE, new Promote("move_probability_model", 3, Stage.PRODUCTION, "alice", "beats v2"))}
 */
public final class RegistryContract {

    /** The name callers read in "the model registry did not answer in time". */
    public static final String SERVICE = "the model registry";
    /** The event bus's default, which the admin routes always used: a promotion may wait on another's lock. */
    public static final long TIMEOUT_MS = 30_000;

    public static final Endpoint<ListModels, ModelList> LIST =
            Endpoint.of("admin.models.list", SERVICE, TIMEOUT_MS, ListModels.FORMAT, ModelList.FORMAT);
    public static final Endpoint<GetModel, ModelLookup> GET =
            Endpoint.of("admin.models.get", SERVICE, TIMEOUT_MS, GetModel.FORMAT, ModelLookup.FORMAT);
    public static final Endpoint<Promote, ModelVersion> PROMOTE =
            Endpoint.of("admin.models.promote", SERVICE, TIMEOUT_MS, Promote.FORMAT, ModelVersion.FORMAT);
    public static final Endpoint<Archive, ModelVersion> ARCHIVE =
            Endpoint.of("admin.models.archive", SERVICE, TIMEOUT_MS, Archive.FORMAT, ModelVersion.FORMAT);
    public static final Endpoint<Compare, Comparison> COMPARE =
            Endpoint.of("admin.models.compare", SERVICE, TIMEOUT_MS, Compare.FORMAT, Comparison.FORMAT);
    public static final Endpoint<GetHistory, StageHistory> HISTORY =
            Endpoint.of("admin.models.history", SERVICE, TIMEOUT_MS, GetHistory.FORMAT, StageHistory.FORMAT);

    static final String MODEL_NAME = "model_name";
    static final String VERSION = "version";
    static final String STAGE = "stage";
    static final String CHANGED_BY = "changed_by";
    static final String REASON = "reason";
    static final String V1 = "v1";
    static final String V2 = "v2";
    static final String OTHER_MODEL_NAME = "other_model_name";
    static final String METRICS = "metrics";
    /** Who a stage change is recorded as when the request does not say. */
    static final String DEFAULT_CHANGED_BY = "admin";

    private RegistryContract() {
    }

    /** Every model name. */
    public record ListModels() {

        public static final ListModels ALL = new ListModels();
        public static final WireFormat<ListModels> FORMAT = WireFormat.of(ListModels.class, request -> new JsonObject(), json -> ALL);
    }

    /** One version of {@code name} ({@code version}: a number, {@code v3}, a stage or {@code latest}), or all when null. */
    public record GetModel(String name, String version) {

        public static final WireFormat<GetModel> FORMAT = WireFormat.of(GetModel.class, GetModel::toJson, GetModel::fromJson);

        public GetModel {
            requireName(name);
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, name).put(VERSION, version);
        }

        public static GetModel fromJson(JsonObject json) {
            Object version = json.getValue(VERSION);
            return new GetModel(readName(json), version == null ? null : version.toString());
        }
    }

    /** {@link #GET}'s reply: the version asked for, or every version (oldest first) when none was named. */
    public record ModelLookup(String name, ModelVersion version, List<ModelVersion> versions) {

        public static final WireFormat<ModelLookup> FORMAT = WireFormat.of(ModelLookup.class, ModelLookup::toJson, ModelLookup::fromJson);

        public ModelLookup {
            versions = List.copyOf(versions);
        }

        public static ModelLookup of(ModelVersion version) {
            return new ModelLookup(version.name(), version, List.of());
        }

        public static ModelLookup all(String name, List<ModelVersion> versions) {
            return new ModelLookup(name, null, versions);
        }

        /** The version itself, or {@code {"model_name", "versions": [...]}}. */
        public JsonObject toJson() {
            return version != null ? version.toJson() : new JsonObject().put(MODEL_NAME, name)
                    .put("versions", new JsonArray(versions.stream().map(ModelVersion::toJson).toList()));
        }

        /** A version's JSON has no {@code versions} key, so its presence tells the two answers apart. */
        public static ModelLookup fromJson(JsonObject json) {
            return json.containsKey("versions")
                    ? all(json.getString(MODEL_NAME), json.getJsonArray("versions").stream()
                            .map(JsonObject.class::cast).map(ModelVersion::fromJson).toList())
                    : of(ModelVersion.fromJson(json));
        }
    }

    /** Moves {@code version} of {@code name} to {@code stage}; {@code changedBy} defaults to {@code admin}. */
    public record Promote(String name, int version, Stage stage, String changedBy, String reason) {

        public static final WireFormat<Promote> FORMAT = WireFormat.of(Promote.class, Promote::toJson, Promote::fromJson);

        public Promote {
            requireName(name);
            changedBy = changedBy == null ? DEFAULT_CHANGED_BY : changedBy;
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, name).put(VERSION, version).put(STAGE, stage.display())
                    .put(CHANGED_BY, changedBy).put(REASON, reason);
        }

        public static Promote fromJson(JsonObject json) {
            return new Promote(readName(json), parseVersion(VERSION, json.getValue(VERSION)), readStage(json),
                    JsonFields.optionalString(json, CHANGED_BY), JsonFields.optionalString(json, REASON));
        }
    }

    /** Archives {@code version} of {@code name}: a promotion to Archived that needs no stage. */
    public record Archive(String name, int version, String changedBy, String reason) {

        public static final WireFormat<Archive> FORMAT = WireFormat.of(Archive.class, Archive::toJson, Archive::fromJson);

        public Archive {
            requireName(name);
            changedBy = changedBy == null ? DEFAULT_CHANGED_BY : changedBy;
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, name).put(VERSION, version).put(CHANGED_BY, changedBy).put(REASON, reason);
        }

        public static Archive fromJson(JsonObject json) {
            return new Archive(readName(json), parseVersion(VERSION, json.getValue(VERSION)),
                    JsonFields.optionalString(json, CHANGED_BY), JsonFields.optionalString(json, REASON));
        }
    }

    /**
     * Version {@code v1} of {@code name} against version {@code v2} of {@code otherName} (default: the same
     * model). Empty {@code metrics} means every metric both versions have.
     */
    public record Compare(String name, int v1, String otherName, int v2, List<String> metrics) {

        public static final WireFormat<Compare> FORMAT = WireFormat.of(Compare.class, Compare::toJson, Compare::fromJson);

        public Compare {
            requireName(name);
            otherName = otherName == null ? name : otherName;
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, name).put(V1, v1).put(OTHER_MODEL_NAME, otherName).put(V2, v2)
                    .put(METRICS, new JsonArray(metrics));
        }

        public static Compare fromJson(JsonObject json) {
            Object metrics = json.getValue(METRICS);
            if (metrics != null && (!(metrics instanceof JsonArray array) || array.stream().anyMatch(name -> !(name instanceof String)))) {
                throw ServiceFailure.invalid(METRICS, "must be an array of metric names");
            }
            return new Compare(readName(json), parseVersion(V1, json.getValue(V1)), JsonFields.optionalString(json, OTHER_MODEL_NAME),
                    parseVersion(V2, json.getValue(V2)),
                    metrics == null ? List.of() : ((JsonArray) metrics).stream().map(String.class::cast).toList());
        }
    }

    /** The stage-change history of {@code name}. */
    public record GetHistory(String name) {

        public static final WireFormat<GetHistory> FORMAT = WireFormat.of(GetHistory.class, GetHistory::toJson, GetHistory::fromJson);

        public GetHistory {
            requireName(name);
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, name);
        }

        public static GetHistory fromJson(JsonObject json) {
            return new GetHistory(readName(json));
        }
    }

    /**
     * A version number as a request gives it: {@code 3}, {@code "3"} or {@code "v3"}. Anything else fails
     * naming {@code field}, so the HTTP edge parses path and query values with the same rule.
     */
    public static int parseVersion(String field, Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text && text.matches("v?\\d{1,9}")) {
            return Integer.parseInt(text.replace("v", ""));
        }
        throw ServiceFailure.invalid(field, "must be a version number, got " + value);
    }


    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw ServiceFailure.invalid(MODEL_NAME, "required");
        }
        ControlCharacters.requireNone(MODEL_NAME, name);
    }

    private static String readName(JsonObject json) {
        if (!(json.getValue(MODEL_NAME) instanceof String name)) {
            throw ServiceFailure.invalid(MODEL_NAME, "required");
        }
        return name;
    }

    private static Stage readStage(JsonObject json) {
        Object value = json.getValue(STAGE);
        try {
            return Stage.parse(value == null ? null : value.toString());
        } catch (IllegalArgumentException e) {
            throw ServiceFailure.invalid(STAGE, e.getMessage());
        }
    }

}
