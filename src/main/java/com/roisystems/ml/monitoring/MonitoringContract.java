package com.roisystems.ml.monitoring;

import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Model monitoring's reads on the event bus; {@link MonitoringHandlers} serves them (deployed with the prediction log,
 * which owns the monitoring windows), the HTTP routes under {@code /v1/monitoring} and the model health forward to them.
 *
 * <ul>
 *   <li>{@link #DRIFT} ({@code monitoring.drift}): {@link DriftQuery} → {@link DriftHistory}, the compared windows of a
 *       model (hourly or daily) between {@code from} and {@code to}, each with every feature's metrics.</li>
 *   <li>{@link #PERFORMANCE} ({@code monitoring.performance}): {@link PerformanceQuery} → {@link PerformanceHistory}, the
 *       windows whose {@code performance} has a realised or estimated block, realised and estimated side by side.</li>
 *   <li>{@link #REFERENCE} ({@code monitoring.reference}): {@link ReferenceQuery} → {@link ReferenceSummary}, a version's
 *       reference profile summarised per feature (count, null rate, quantiles, top categories; never sketch bytes).
 *       404 {@code not_found} when the version has none.</li>
 *   <li>{@link #ALERTS} ({@code monitoring.alerts.list}): {@link AlertQuery} → {@link AlertList}, active or resolved
 *       alerts (table {@code ml_alerts}), newest first.</li>
 *   <li>{@link #MODEL_STATUS} ({@code monitoring.model-status}): {@link ModelQuery} → {@link ModelMonitoring}, a model's
 *       latest closed window and latest performance, for {@code /v1/models/{name}/health}.</li>
 * </ul>
 *
 * <p>Every endpoint: 404 {@code unknown_model} naming the model when it is none of the four this engine serves
 * ({@code "no model named nope_model"}); 400 {@code invalid_request} naming the field ({@code from}, {@code to},
 * {@code window}, {@code limit}, {@code version}, {@code state}), its message starting with it
 * ({@code "window: must be hour or day"}); 503 when PostgreSQL cannot be reached or nothing answers within
 * {@link #TIMEOUT_MS}; 500 for a bug (logged).
 *
 * <p>{@code Bus.request(vertx, MonitoringContract.DRIFT, DriftQuery.fromJson(new JsonObject().put("model_name", name)))}
 */
public final class MonitoringContract {

    public static final String SERVICE = "model monitoring";
    public static final long TIMEOUT_MS = 10_000;
    /** The most windows or alerts one request answers. */
    public static final int MAX_LIMIT = 5_000;
    static final int DEFAULT_LIMIT = 500;
    /** Without {@code from}, a query reaches this far back from {@code to}. */
    static final Duration DEFAULT_SPAN = Duration.ofDays(7);

    public static final Endpoint<DriftQuery, DriftHistory> DRIFT =
            Endpoint.of("monitoring.drift", SERVICE, TIMEOUT_MS, DriftQuery.FORMAT, DriftHistory.FORMAT);
    public static final Endpoint<PerformanceQuery, PerformanceHistory> PERFORMANCE =
            Endpoint.of("monitoring.performance", SERVICE, TIMEOUT_MS, PerformanceQuery.FORMAT, PerformanceHistory.FORMAT);
    public static final Endpoint<ReferenceQuery, ReferenceSummary> REFERENCE =
            Endpoint.of("monitoring.reference", SERVICE, TIMEOUT_MS, ReferenceQuery.FORMAT, ReferenceSummary.FORMAT);
    public static final Endpoint<AlertQuery, AlertList> ALERTS =
            Endpoint.of("monitoring.alerts.list", SERVICE, TIMEOUT_MS, AlertQuery.FORMAT, AlertList.FORMAT);
    /** Admin: makes a period of a version's served traffic its drift reference (audited under /v1/admin). */
    public static final Endpoint<AdoptReference, AdoptedReference> ADOPT_REFERENCE =
            Endpoint.of("admin.monitoring.reference.adopt", SERVICE, 30_000, AdoptReference.FORMAT, AdoptedReference.FORMAT);
    public static final Endpoint<ModelQuery, ModelMonitoring> MODEL_STATUS =
            Endpoint.of("monitoring.model-status", SERVICE, 5_000, ModelQuery.FORMAT, ModelMonitoring.FORMAT);

    public static final String MODEL_NAME = "model_name";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String WINDOW = "window";
    public static final String LIMIT = "limit";
    public static final String VERSION = "version";
    public static final String STATE = "state";

    private MonitoringContract() {
    }

    /** Fails 404 {@code unknown_model} unless {@code name} is one of the models this engine serves. */
    static void requireKnownModel(String name) {
        if (name == null || PredictionType.fromModelName(name).isEmpty()) {
            throw new ServiceFailure(FailureCode.UNKNOWN_MODEL, MODEL_NAME, "no model named " + name);
        }
    }

    private static String requireName(JsonObject json) {
        if (!(json.getValue(MODEL_NAME) instanceof String name) || name.isBlank()) {
            throw ServiceFailure.invalid(MODEL_NAME, "required");
        }
        return name;
    }

    /** An instant ({@code 2026-11-25T10:00:00Z}) or a date ({@code 2026-11-25}, its UTC midnight); null when absent. */
    static Instant readInstant(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ServiceFailure.invalid(field, "must be an ISO-8601 instant (2026-11-25T10:00:00Z) or date (2026-11-25), got '" + text + "'");
        }
    }

    /** A whole number from 1 to {@link #MAX_LIMIT}, as a number or its text; {@code absent} when missing. */
    static int readLimit(JsonObject json, int absent) {
        Object value = json.getValue(LIMIT);
        if (value == null) {
            return absent;
        }
        try {
            long limit = value instanceof Number number && number.doubleValue() == number.longValue() ? number.longValue()
                    : Long.parseLong(value.toString().trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return (int) limit;
            }
        } catch (NumberFormatException e) {
            // answered below, as any other bad limit
        }
        throw ServiceFailure.invalid(LIMIT, "must be a whole number from 1 to " + MAX_LIMIT + ", got '" + value + "'");
    }

    /** {@code to} defaults to now and {@code from} to {@link #DEFAULT_SPAN} before it; {@code from} must come first. */
    private static Instant[] span(JsonObject json) {
        Instant to = readInstant(json, TO);
        Instant from = readInstant(json, FROM);
        to = to == null ? Instant.now() : to;
        from = from == null ? to.minus(DEFAULT_SPAN) : from;
        if (!from.isBefore(to)) {
            throw ServiceFailure.invalid(FROM, "must be before to (" + to + "), got " + from);
        }
        return new Instant[] {from, to};
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    /** The windows a drift query reads. */
    public enum Window {
        HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1));

        public final Duration length;

        Window(Duration length) {
            this.length = length;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Window read(JsonObject json) {
            Object value = json.getValue(WINDOW);
            if (value == null) {
                return HOUR;
            }
            return switch (value.toString().toLowerCase(Locale.ROOT)) {
                case "hour" -> HOUR;
                case "day" -> DAY;
                default -> throw ServiceFailure.invalid(WINDOW, "must be hour or day, got '" + value + "'");
            };
        }
    }

    /**
     * Compared windows of {@code modelName} that start at or after {@code from} and end by {@code to}, the latest
     * {@code limit} of them. {@code {"model_name", "from"?, "to"?, "window"?: "hour"|"day", "limit"?}}
     */
    public record DriftQuery(String modelName, Instant from, Instant to, Window window, int limit) {

        public static final WireFormat<DriftQuery> FORMAT = WireFormat.of(DriftQuery.class, DriftQuery::toJson, DriftQuery::fromJson);

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, modelName).put(FROM, text(from)).put(TO, text(to))
                    .put(WINDOW, window.wireName()).put(LIMIT, limit);
        }

        public static DriftQuery fromJson(JsonObject json) {
            String name = requireName(json);
            Window window = Window.read(json);
            int limit = readLimit(json, DEFAULT_LIMIT);
            Instant[] span = span(json);
            return new DriftQuery(name, span[0], span[1], window, limit);
        }
    }

    /**
     * One closed window compared with its version's reference, as {@code ml_monitoring} holds it: {@code features} maps
     * each feature to its metrics (psi, ks_statistic, ..., adjusted_p_value, drifted), {@code prediction} the
     * prediction's (null when not compared), {@code skipped} why the window was not compared (null when it was).
     */
    public record DriftWindow(String modelName, int modelVersion, Instant periodStart, Instant periodEnd, long rows,
                              boolean driftDetected, List<String> driftedFeatures, Double driftedShare, String skipped,
                              JsonObject features, JsonObject prediction) {

        public DriftWindow {
            driftedFeatures = List.copyOf(driftedFeatures);
        }

        /** From {@code ml_monitoring.feature_drift}: features by name, then {@code _prediction} and {@code _summary}. */
        public static DriftWindow of(String modelName, int modelVersion, Instant periodStart, Instant periodEnd, long rows,
                                     boolean driftDetected, JsonObject featureDrift) {
            JsonObject features = new JsonObject();
            featureDrift.forEach(entry -> {
                if (!entry.getKey().startsWith("_")) {
                    features.put(entry.getKey(), entry.getValue());
                }
            });
            JsonObject summary = featureDrift.getJsonObject("_summary", new JsonObject());
            List<String> drifted = new ArrayList<>();
            summary.getJsonArray("drifted_features", new JsonArray()).forEach(name -> drifted.add(String.valueOf(name)));
            return new DriftWindow(modelName, modelVersion, periodStart, periodEnd, rows, driftDetected, drifted,
                    summary.getDouble("drifted_share"), summary.getString("skipped"), features, featureDrift.getJsonObject("_prediction"));
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, modelName).put("model_version", modelVersion)
                    .put("period_start", text(periodStart)).put("period_end", text(periodEnd)).put("rows", rows)
                    .put("drift_detected", driftDetected).put("drifted_features", new JsonArray(new ArrayList<>(driftedFeatures)))
                    .put("drifted_share", driftedShare).put("skipped", skipped).put("prediction", prediction).put("features", features);
        }

        public static DriftWindow fromJson(JsonObject json) {
            List<String> drifted = new ArrayList<>();
            json.getJsonArray("drifted_features", new JsonArray()).forEach(name -> drifted.add(String.valueOf(name)));
            return new DriftWindow(json.getString(MODEL_NAME), json.getInteger("model_version"), instant(json.getString("period_start")),
                    instant(json.getString("period_end")), json.getLong("rows", 0L), json.getBoolean("drift_detected", false), drifted,
                    json.getDouble("drifted_share"), json.getString("skipped"), json.getJsonObject("features", new JsonObject()),
                    json.getJsonObject("prediction"));
        }
    }

    /** {@link #DRIFT}'s reply: the windows oldest first; {@code truncated} when older ones were left out by the limit. */
    public record DriftHistory(String modelName, Window window, Instant from, Instant to, List<DriftWindow> windows, boolean truncated) {

        public static final WireFormat<DriftHistory> FORMAT = WireFormat.of(DriftHistory.class, DriftHistory::toJson, DriftHistory::fromJson);

        public DriftHistory {
            windows = List.copyOf(windows);
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, modelName).put(WINDOW, window.wireName()).put(FROM, text(from)).put(TO, text(to))
                    .put("windows", new JsonArray(windows.stream().map(DriftWindow::toJson).toList())).put("truncated", truncated);
        }

        public static DriftHistory fromJson(JsonObject json) {
            return new DriftHistory(json.getString(MODEL_NAME), Window.read(json), instant(json.getString(FROM)), instant(json.getString(TO)),
                    json.getJsonArray("windows").stream().map(w -> DriftWindow.fromJson((JsonObject) w)).toList(), json.getBoolean("truncated", false));
        }
    }

    /** Windows of {@code modelName} with performance between {@code from} and {@code to}, the latest {@code limit}. */
    public record PerformanceQuery(String modelName, Instant from, Instant to, int limit) {

        public static final WireFormat<PerformanceQuery> FORMAT = WireFormat.of(PerformanceQuery.class, PerformanceQuery::toJson, PerformanceQuery::fromJson);

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, modelName).put(FROM, text(from)).put(TO, text(to)).put(LIMIT, limit);
        }

        public static PerformanceQuery fromJson(JsonObject json) {
            String name = requireName(json);
            int limit = readLimit(json, DEFAULT_LIMIT);
            Instant[] span = span(json);
            return new PerformanceQuery(name, span[0], span[1], limit);
        }
    }

    /**
     * One window's {@code ml_monitoring.performance} document as the performance job wrote it ({@code realised},
     * {@code estimated}, {@code reference}, each absent when it could not be computed).
     */
    public record PerformanceWindow(String modelName, int modelVersion, Instant periodStart, Instant periodEnd, JsonObject performance) {

        /** Metrics shown side by side when either block has them. */
        static final List<String> METRICS = List.of("auc", "brier", "log_loss", "accuracy", "macro_f1", "rmse", "mape", "top_k_hit_rate");

        public JsonObject realised() {
            return performance.getJsonObject("realised");
        }

        public JsonObject estimated() {
            return performance.getJsonObject("estimated");
        }

        public JsonObject reference() {
            return performance.getJsonObject("reference");
        }

        /** {@code {"auc": {"realised": 0.81, "estimated": 0.80, "reference": 0.83}, ...}} for each metric either side has. */
        public JsonObject sideBySide() {
            JsonObject metrics = new JsonObject();
            JsonObject realisedBlock = realised();
            JsonObject estimatedBlock = estimated();
            JsonObject referenceBlock = reference();
            for (String metric : METRICS) {
                Object realised = realisedBlock == null ? null : realisedBlock.getValue(metric);
                Object estimated = estimatedBlock == null ? null : estimatedBlock.getValue(metric);
                if (realised != null || estimated != null) {
                    metrics.put(metric, new JsonObject().put("realised", realised).put("estimated", estimated)
                            .put("reference", referenceBlock == null ? null : referenceBlock.getValue(metric)));
                }
            }
            return metrics;
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, modelName).put("model_version", modelVersion)
                    .put("period_start", text(periodStart)).put("period_end", text(periodEnd))
                    .put("as_of", performance.getValue("as_of")).put("horizon_days", performance.getValue("horizon_days"))
                    .put("realised", realised()).put("estimated", estimated()).put("reference", reference())
                    .put("side_by_side", sideBySide());
        }

        public static PerformanceWindow fromJson(JsonObject json) {
            JsonObject performance = new JsonObject();
            for (String key : List.of("as_of", "horizon_days", "realised", "estimated", "reference")) {
                if (json.getValue(key) != null) {
                    performance.put(key, json.getValue(key));
                }
            }
            return new PerformanceWindow(json.getString(MODEL_NAME), json.getInteger("model_version"), instant(json.getString("period_start")),
                    instant(json.getString("period_end")), performance);
        }
    }

    /** {@link #PERFORMANCE}'s reply: windows oldest first. */
    public record PerformanceHistory(String modelName, Instant from, Instant to, List<PerformanceWindow> windows, boolean truncated) {

        public static final WireFormat<PerformanceHistory> FORMAT = WireFormat.of(PerformanceHistory.class, PerformanceHistory::toJson, PerformanceHistory::fromJson);

        public PerformanceHistory {
            windows = List.copyOf(windows);
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, modelName).put(FROM, text(from)).put(TO, text(to))
                    .put("windows", new JsonArray(windows.stream().map(PerformanceWindow::toJson).toList())).put("truncated", truncated);
        }

        public static PerformanceHistory fromJson(JsonObject json) {
            return new PerformanceHistory(json.getString(MODEL_NAME), instant(json.getString(FROM)), instant(json.getString(TO)),
                    json.getJsonArray("windows").stream().map(w -> PerformanceWindow.fromJson((JsonObject) w)).toList(), json.getBoolean("truncated", false));
        }
    }

    /** A version's reference profile; {@code version} null means the latest version that has one. */
    /**
     * A period [from, to) of a version's served traffic to take as its drift reference: the training rows describe other
     * times (cut-offs over years; market and calendar features differ from today's), so a known-good period of serving is
     * the comparison that means "something changed" — NannyML's reference period. {@code version} and {@code from} are
     * required, {@code to} defaults to now.
     */
    public record AdoptReference(String modelName, int version, Instant from, Instant to) {

        public static final WireFormat<AdoptReference> FORMAT = WireFormat.of(AdoptReference.class,
                request -> new JsonObject().put(MODEL_NAME, request.modelName).put(VERSION, request.version)
                        .put(FROM, text(request.from)).put(TO, text(request.to)), AdoptReference::fromJson);

        public static AdoptReference fromJson(JsonObject json) {
            String name = requireName(json);
            if (json.getValue(VERSION) == null) {
                throw ServiceFailure.invalid(VERSION, "is required: the model version whose reference this period becomes");
            }
            int version = ReferenceQuery.fromJson(new JsonObject().put(MODEL_NAME, name).put(VERSION, json.getValue(VERSION))).version();
            Instant from = readInstant(json, FROM);
            if (from == null) {
                throw ServiceFailure.invalid(FROM, "is required: the start of the served period to take as the reference");
            }
            Instant to = readInstant(json, TO);
            to = to == null ? Instant.now() : to;
            if (!from.isBefore(to)) {
                throw ServiceFailure.invalid(FROM, "must be before to (" + to + "), got " + from);
            }
            return new AdoptReference(name, version, from, to);
        }
    }

    /** What became the reference: the windows merged and their predictions. */
    public record AdoptedReference(String modelName, int version, Instant from, Instant to, int windows, long rows) {

        public static final WireFormat<AdoptedReference> FORMAT = WireFormat.of(AdoptedReference.class, AdoptedReference::toJson,
                AdoptedReference::fromJson);

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, modelName).put(VERSION, version).put(FROM, text(from)).put(TO, text(to))
                    .put("windows", windows).put("rows", rows).put("source", "serving");
        }

        public static AdoptedReference fromJson(JsonObject json) {
            return new AdoptedReference(json.getString(MODEL_NAME), json.getInteger(VERSION), instant(json.getString(FROM)),
                    instant(json.getString(TO)), json.getInteger("windows"), json.getLong("rows"));
        }
    }

    public record ReferenceQuery(String modelName, Integer version) {

        public static final WireFormat<ReferenceQuery> FORMAT = WireFormat.of(ReferenceQuery.class,
                query -> new JsonObject().put(MODEL_NAME, query.modelName).put(VERSION, query.version), ReferenceQuery::fromJson);

        public static ReferenceQuery fromJson(JsonObject json) {
            String name = requireName(json);
            Object value = json.getValue(VERSION);
            if (value == null) {
                return new ReferenceQuery(name, null);
            }
            String text = value.toString().trim();
            if (text.startsWith("v")) {
                text = text.substring(1);
            }
            try {
                int version = value instanceof Number number && number.doubleValue() == number.intValue() ? number.intValue() : Integer.parseInt(text);
                if (version >= 1) {
                    return new ReferenceQuery(name, version);
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw ServiceFailure.invalid(VERSION, "must be a version number (4 or v4), got '" + value + "'");
        }
    }

    /**
     * One feature (or the prediction) of a reference profile: rows with a value, without, the null rate, and either
     * quantiles and the mean (numeric) or the most frequent categories with counts and shares (categorical).
     */
    public record FeatureSummary(String name, String kind, long count, long nulls, double nullRate, JsonObject quantiles,
                                 Double mean, JsonArray topCategories) {

        public JsonObject toJson() {
            return new JsonObject().put("name", name).put("kind", kind).put("count", count).put("nulls", nulls)
                    .put("null_rate", nullRate).put("quantiles", quantiles).put("mean", mean).put("top_categories", topCategories);
        }

        public static FeatureSummary fromJson(JsonObject json) {
            return new FeatureSummary(json.getString("name"), json.getString("kind"), json.getLong("count", 0L), json.getLong("nulls", 0L),
                    json.getDouble("null_rate", 0.0), json.getJsonObject("quantiles"), json.getDouble("mean"), json.getJsonArray("top_categories"));
        }
    }

    /** {@link #REFERENCE}'s reply: the profile's rows and its features in training order. */
    public record ReferenceSummary(String modelName, int modelVersion, Instant createdAt, long rows, List<FeatureSummary> features,
                                   FeatureSummary prediction) {

        public static final WireFormat<ReferenceSummary> FORMAT = WireFormat.of(ReferenceSummary.class, ReferenceSummary::toJson, ReferenceSummary::fromJson);

        public ReferenceSummary {
            features = List.copyOf(features);
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, modelName).put("model_version", modelVersion).put("created_at", text(createdAt))
                    .put("rows", rows).put("features", new JsonArray(features.stream().map(FeatureSummary::toJson).toList()))
                    .put("prediction", prediction == null ? null : prediction.toJson());
        }

        public static ReferenceSummary fromJson(JsonObject json) {
            JsonObject prediction = json.getJsonObject("prediction");
            return new ReferenceSummary(json.getString(MODEL_NAME), json.getInteger("model_version"), instant(json.getString("created_at")),
                    json.getLong("rows", 0L), json.getJsonArray("features").stream().map(f -> FeatureSummary.fromJson((JsonObject) f)).toList(),
                    prediction == null ? null : FeatureSummary.fromJson(prediction));
        }
    }

    /** Which alerts: {@code state} active or resolved (null: both), of one model (null: all), the newest {@code limit}. */
    public record AlertQuery(String state, String modelName, int limit) {

        public static final WireFormat<AlertQuery> FORMAT = WireFormat.of(AlertQuery.class,
                query -> new JsonObject().put(STATE, query.state).put("model", query.modelName).put(LIMIT, query.limit), AlertQuery::fromJson);

        public static final String ACTIVE = "active";
        public static final String RESOLVED = "resolved";

        /** {@code {"state"?: "active"|"resolved", "model"?, "limit"?}} */
        public static AlertQuery fromJson(JsonObject json) {
            Object state = json.getValue(STATE);
            if (state != null && !ACTIVE.equals(state) && !RESOLVED.equals(state)) {
                throw ServiceFailure.invalid(STATE, "must be active or resolved, got '" + state + "'");
            }
            Object model = json.getValue("model");
            return new AlertQuery((String) state, model == null ? null : model.toString(), readLimit(json, DEFAULT_LIMIT));
        }
    }

    /**
     * One alert as {@code ml_alerts} holds it: the condition it stands for (key, model, version, condition, feature),
     * its Alertmanager labels, what it says, the last window it held in, when it started, was last seen and resolved.
     */
    public record AlertRecord(long alertId, String alertKey, String modelName, int modelVersion, String condition, String feature,
                              String severity, JsonObject labels, String summary, String description, Double value,
                              Instant periodStart, Instant periodEnd, Instant startedAt, Instant lastSeenAt, Instant resolvedAt) {

        public String state() {
            return resolvedAt == null ? AlertQuery.ACTIVE : AlertQuery.RESOLVED;
        }

        public JsonObject toJson() {
            return new JsonObject().put("alert_id", alertId).put("alert_key", alertKey).put("state", state())
                    .put(MODEL_NAME, modelName).put("model_version", modelVersion).put("condition", condition).put("feature", feature)
                    .put("severity", severity).put("labels", labels).put("summary", summary).put("description", description)
                    .put("value", value).put("period_start", text(periodStart)).put("period_end", text(periodEnd))
                    .put("started_at", text(startedAt)).put("last_seen_at", text(lastSeenAt)).put("resolved_at", text(resolvedAt));
        }

        public static AlertRecord fromJson(JsonObject json) {
            return new AlertRecord(json.getLong("alert_id"), json.getString("alert_key"), json.getString(MODEL_NAME), json.getInteger("model_version"),
                    json.getString("condition"), json.getString("feature"), json.getString("severity"), json.getJsonObject("labels"),
                    json.getString("summary"), json.getString("description"), json.getDouble("value"),
                    instant(json.getString("period_start")), instant(json.getString("period_end")), instant(json.getString("started_at")),
                    instant(json.getString("last_seen_at")), instant(json.getString("resolved_at")));
        }
    }

    /** {@link #ALERTS}'s reply: newest first. */
    public record AlertList(List<AlertRecord> alerts, boolean truncated) {

        public static final WireFormat<AlertList> FORMAT = WireFormat.of(AlertList.class, AlertList::toJson, AlertList::fromJson);

        public AlertList {
            alerts = List.copyOf(alerts);
        }

        public JsonObject toJson() {
            return new JsonObject().put("alerts", new JsonArray(alerts.stream().map(AlertRecord::toJson).toList())).put("truncated", truncated);
        }

        public static AlertList fromJson(JsonObject json) {
            return new AlertList(json.getJsonArray("alerts").stream().map(a -> AlertRecord.fromJson((JsonObject) a)).toList(),
                    json.getBoolean("truncated", false));
        }
    }

    /** One model, by registry name. */
    public record ModelQuery(String modelName) {

        public static final WireFormat<ModelQuery> FORMAT = WireFormat.of(ModelQuery.class,
                query -> new JsonObject().put(MODEL_NAME, query.modelName), json -> new ModelQuery(requireName(json)));
    }

    /** A model's latest closed hourly window and its latest window with performance; either null before the first. */
    public record ModelMonitoring(String modelName, DriftWindow latestWindow, PerformanceWindow latestPerformance) {

        public static final WireFormat<ModelMonitoring> FORMAT = WireFormat.of(ModelMonitoring.class, ModelMonitoring::toJson, ModelMonitoring::fromJson);

        public JsonObject toJson() {
            return new JsonObject().put(MODEL_NAME, modelName)
                    .put("latest_window", latestWindow == null ? null : latestWindow.toJson())
                    .put("latest_performance", latestPerformance == null ? null : latestPerformance.toJson());
        }

        public static ModelMonitoring fromJson(JsonObject json) {
            JsonObject window = json.getJsonObject("latest_window");
            JsonObject performance = json.getJsonObject("latest_performance");
            return new ModelMonitoring(json.getString(MODEL_NAME), window == null ? null : DriftWindow.fromJson(window),
                    performance == null ? null : PerformanceWindow.fromJson(performance));
        }
    }
}
