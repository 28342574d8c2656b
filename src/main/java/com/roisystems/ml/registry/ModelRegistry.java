package com.roisystems.ml.registry;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The model registry in PostgreSQL, with the lifecycle MLflow users expect: versions with metrics,
 * parameters, tags and provenance; stages None → Staging → Production → Archived; compare; an audit
 * history of every stage change. Promoting to Production archives the previous Production version in
 * the same transaction, and {@code models.changed} is published after the commit so scorers hot-swap.
 * Refusals are {@link ServiceFailure}s: {@code not_found} for a missing model or version, {@code conflict}
 * for an illegal transition, a second prediction type under one name, or an artifact whose checksum or
 * format does not match, {@code invalid_request} naming the field for a malformed selector.
 *
 * <p>{@code registry.promote("move_probability_model", 3, Stage.PRODUCTION, "alice", "beats v2 on AUC")}
 */
public final class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final Vertx vertx;
    private final Pool pool;
    private final Set<Integer> supportedFormats;

    /** {@code supportedFormats}: the artifact format versions this engine can read; others are refused on load. */
    public ModelRegistry(Vertx vertx, Pool pool, Set<Integer> supportedFormats) {
        this.vertx = vertx;
        this.pool = pool;
        this.supportedFormats = Set.copyOf(supportedFormats);
    }

    /** Stores a new version (stage None) with its checksum; a name keeps one prediction type for life. */
    public Future<ModelVersion> register(NewModelVersion model) {
        String sha256 = sha256(model.artifact());
        return pool.withTransaction(connection -> lockName(connection, model.name())
                .compose(ignored -> connection.preparedQuery(RegistryQueries.NEXT_VERSION).execute(Tuple.of(model.name())))
                .compose(rows -> {
                    Row row = rows.iterator().next();
                    String existingType = row.getString(1);
                    if (existingType != null && !existingType.equals(model.predictionType())) {
                        return Future.failedFuture(ServiceFailure.conflict("prediction_type: " + model.name() + " predicts "
                                + existingType + "; a version predicting " + model.predictionType() + " needs another name"));
                    }
                    JsonObject metrics = model.metrics();
                    Tuple values = Tuple.tuple()
                            .addString(model.name()).addInteger(row.getInteger(0)).addString(model.predictionType())
                            .addString(model.modelType()).addString(model.algorithm())
                            .addValue(metric(metrics, "accuracy")).addValue(metric(metrics, "precision"))
                            .addValue(metric(metrics, "recall")).addValue(metric(metrics, "f1"))
                            .addValue(metric(metrics, "auc")).addValue(metric(metrics, "mse"))
                            .addValue(metric(metrics, "mae")).addValue(metric(metrics, "r2"))
                            .addValue(metrics).addValue(model.parameters()).addValue(model.tags())
                            .addArrayOfString(model.featureNames().toArray(String[]::new)).addValue(model.provenance())
                            .addInteger(model.formatVersion()).addBuffer(Buffer.buffer(model.artifact()))
                            .addString(sha256).addInteger(model.artifact().length).addString(model.createdBy());
                    return connection.preparedQuery(RegistryQueries.INSERT).execute(values);
                })
                .map(rows -> toVersion(rows.iterator().next())))
                .onSuccess(version -> log.info("Registered {} {} ({} bytes, sha256 {})", version.name(), version.label(),
                        version.artifactBytes(), version.artifactSha256().substring(0, 12)));
    }

    /**
     * Loads a version and its verified artifact. {@code selector} is a version number, a stage
     * ({@code Production}, {@code Staging}) or {@code latest}. A checksum or format mismatch fails,
     * naming which.
     */
    public Future<LoadedModel> load(String name, String selector) {
        return find(name, selector).compose(version -> pool.preparedQuery(RegistryQueries.ARTIFACT)
                .execute(Tuple.of(version.modelId()))
                .map(rows -> verify(version, rows.iterator().next().getBuffer(0).getBytes())));
    }

    public Future<ModelVersion> find(String name, String selector) {
        Future<RowSet<Row>> rows;
        String text = selector == null ? "latest" : selector.trim();
        if (text.equalsIgnoreCase("latest")) {
            rows = pool.preparedQuery(RegistryQueries.LATEST).execute(Tuple.of(name));
        } else if (text.matches("v?\\d{1,9}")) {
            rows = pool.preparedQuery(RegistryQueries.BY_VERSION).execute(Tuple.of(name, Integer.parseInt(text.replace("v", ""))));
        } else {
            Stage stage;
            try {
                stage = Stage.parse(text);
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(ServiceFailure.invalid(RegistryContract.VERSION,
                        "'" + text + "' is not a version number, a stage or 'latest'"));
            }
            rows = pool.preparedQuery(RegistryQueries.BY_STAGE).execute(Tuple.of(name, stage.name()));
        }
        return rows.compose(found -> found.size() == 0
                ? Future.failedFuture(ServiceFailure.notFound("model " + name + " has no version matching '" + text + "'"))
                : Future.succeededFuture(toVersion(found.iterator().next())));
    }

    /** Every version of {@code name}, oldest first; 404 when the name is unknown. */
    public Future<List<ModelVersion>> versions(String name) {
        return pool.preparedQuery(RegistryQueries.ALL_VERSIONS).execute(Tuple.of(name)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(ServiceFailure.notFound("no model named " + name));
            }
            List<ModelVersion> versions = new ArrayList<>();
            rows.forEach(row -> versions.add(toVersion(row)));
            return Future.succeededFuture(versions);
        });
    }

    /** One entry per model name: prediction type, latest and Production version, version count. */
    public Future<ModelList> models() {
        return pool.query(RegistryQueries.MODEL_NAMES).execute().map(rows -> {
            List<ModelList.Entry> models = new ArrayList<>();
            rows.forEach(row -> models.add(new ModelList.Entry(row.getString("name"), row.getString("prediction_type"),
                    row.getInteger("latest_version"), row.getInteger("production_version"), row.getLong("versions"))));
            return new ModelList(models);
        });
    }

    /** The Production version of every model that has one. */
    public Future<List<ModelVersion>> productionModels() {
        return pool.query(RegistryQueries.PRODUCTION_MODELS).execute().map(rows -> {
            List<ModelVersion> versions = new ArrayList<>();
            rows.forEach(row -> versions.add(toVersion(row)));
            return versions;
        });
    }

    /**
     * Moves a version to {@code target}. To Production: the previous Production version is archived in
     * the same transaction. Concurrent promotions of one name are serialised by a transaction-scoped lock,
     * and a partial unique index guarantees one Production version whatever happens.
     */
    public Future<ModelVersion> promote(String name, int version, Stage target, String changedBy, String reason) {
        return pool.withTransaction(connection -> lockName(connection, name)
                        .compose(ignored -> connection.preparedQuery(RegistryQueries.BY_VERSION).execute(Tuple.of(name, version)))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.failedFuture(ServiceFailure.notFound("model " + name + " has no version " + version));
                            }
                            ModelVersion current = toVersion(rows.iterator().next());
                            if (!current.stage().canMoveTo(target)) {
                                return Future.failedFuture(ServiceFailure.conflict("stage: " + name + " v" + version + " is "
                                        + current.stage().display() + " and cannot move to " + target.display()
                                        + " (allowed: " + current.stage().next().stream().map(Stage::display).toList() + ")"));
                            }
                            Future<Void> archivePrevious = target == Stage.PRODUCTION
                                    ? archiveProduction(connection, name, changedBy, "replaced by v" + version)
                                    : Future.succeededFuture();
                            return archivePrevious
                                    .compose(ignored -> changeStage(connection, current, target, changedBy, reason))
                                    .compose(ignored -> connection.preparedQuery(RegistryQueries.BY_VERSION).execute(Tuple.of(name, version)))
                                    .map(updated -> toVersion(updated.iterator().next()));
                        }))
                .onSuccess(promoted -> {
                    log.info("{} {} is now {} (by {}: {})", name, promoted.label(), target.display(), changedBy, reason);
                    Bus.publish(vertx, ModelsChanged.TOPIC, new ModelsChanged(name, promoted.version(),
                            promoted.predictionType(), target.name()));
                });
    }

    private static Future<Void> archiveProduction(SqlConnection connection, String name, String changedBy, String reason) {
        return connection.preparedQuery(RegistryQueries.BY_STAGE).execute(Tuple.of(name, Stage.PRODUCTION.name()))
                .compose(rows -> rows.size() == 0
                        ? Future.succeededFuture()
                        : changeStage(connection, toVersion(rows.iterator().next()), Stage.ARCHIVED, changedBy, reason));
    }

    private static Future<Void> changeStage(SqlConnection connection, ModelVersion version, Stage target, String changedBy, String reason) {
        return connection.preparedQuery(RegistryQueries.SET_STATUS).execute(Tuple.of(version.modelId(), target.name()))
                .compose(ignored -> connection.preparedQuery(RegistryQueries.INSERT_HISTORY).execute(Tuple.tuple()
                        .addLong(version.modelId()).addString(version.name()).addInteger(version.version())
                        .addString(version.stage().name()).addString(target.name()).addString(changedBy).addString(reason)))
                .mapEmpty();
    }

    /** Side by side metrics of two versions, with the difference (second minus first) for each metric both have. */
    public Future<Comparison> compare(String nameA, int versionA, String nameB, int versionB, List<String> metrics) {
        return Future.all(find(nameA, String.valueOf(versionA)), find(nameB, String.valueOf(versionB))).compose(both -> {
            ModelVersion a = both.resultAt(0);
            ModelVersion b = both.resultAt(1);
            if (!a.predictionType().equals(b.predictionType())) {
                return Future.failedFuture(ServiceFailure.invalid(RegistryContract.VERSION, "cannot compare a "
                        + a.predictionType() + " model with a " + b.predictionType() + " model"));
            }
            List<String> names = metrics == null || metrics.isEmpty()
                    ? a.metrics().fieldNames().stream().filter(b.metrics()::containsKey).sorted().toList()
                    : metrics;
            return Future.succeededFuture(new Comparison(a, b, names));
        });
    }

    /** The audit trail of stage changes: who, when, from, to, why; empty for a name never promoted. */
    public Future<StageHistory> history(String name) {
        return pool.preparedQuery(RegistryQueries.HISTORY).execute(Tuple.of(name)).map(rows -> {
            List<StageHistory.Change> changes = new ArrayList<>();
            rows.forEach(row -> changes.add(new StageHistory.Change(row.getInteger("version"),
                    Stage.valueOf(row.getString("from_status")), Stage.valueOf(row.getString("to_status")),
                    row.getString("changed_by"), row.getString("reason"), row.getOffsetDateTime("changed_at"))));
            return new StageHistory(name, changes);
        });
    }

    private LoadedModel verify(ModelVersion version, byte[] artifact) {
        String actual = sha256(artifact);
        if (!actual.equals(version.artifactSha256())) {
            throw ServiceFailure.conflict("artifact checksum mismatch for "
                    + version.name() + " " + version.label() + ": registered sha256 " + version.artifactSha256() + ", stored bytes hash to " + actual);
        }
        if (!supportedFormats.contains(version.formatVersion())) {
            throw ServiceFailure.conflict("model format version " + version.formatVersion()
                    + " of " + version.name() + " " + version.label() + " is not supported by this engine (supports " + supportedFormats + ")");
        }
        return new LoadedModel(version, artifact);
    }

    private static Future<Void> lockName(SqlConnection connection, String name) {
        return connection.preparedQuery(RegistryQueries.LOCK_NAME).execute(Tuple.of(name)).mapEmpty();
    }

    private static Double metric(JsonObject metrics, String key) {
        Object value = metrics.getValue(key);
        return value instanceof Number number ? number.doubleValue() : null;
    }

    static ModelVersion toVersion(Row row) {
        String[] features = row.getArrayOfStrings("feature_names");
        return new ModelVersion(row.getLong("model_id"), row.getString("name"), row.getInteger("version"),
                row.getString("prediction_type"), row.getString("model_type"), row.getString("algorithm"),
                Stage.valueOf(row.getString("status")), json(row.getValue("metrics")), json(row.getValue("parameters")),
                json(row.getValue("tags")), features == null ? List.of() : Arrays.asList(features), json(row.getValue("provenance")),
                row.getInteger("format_version"), row.getString("artifact_sha256"), row.getInteger("artifact_bytes"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("deployed_at"));
    }

    private static JsonObject json(Object value) {
        return value instanceof JsonObject object ? object : new JsonObject();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
