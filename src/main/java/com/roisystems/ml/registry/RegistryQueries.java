package com.roisystems.ml.registry;

/** The registry's SQL, in one place. */
final class RegistryQueries {

    static final String COLUMNS = """
            model_id, name, version, prediction_type::text AS prediction_type, model_type::text AS model_type, algorithm,
            status::text AS status, metrics, parameters, tags, feature_names, provenance, format_version, artifact_sha256,
            artifact_bytes, created_at, deployed_at""";

    /** Serialises every change to one model name: registration and promotions lock its rows first. */
    static final String LOCK_NAME = "SELECT pg_advisory_xact_lock(hashtext('ml_models:' || $1))";

    static final String NEXT_VERSION = "SELECT coalesce(max(version), 0) + 1, min(prediction_type::text) FROM ml_models WHERE name = $1";

    static final String INSERT = """
            INSERT INTO ml_models (name, version, prediction_type, model_type, algorithm, accuracy, precision_score, recall,
                f1_score, auc, mse, mae, r2, metrics, parameters, tags, feature_names, provenance, format_version, artifact,
                artifact_sha256, artifact_bytes, created_by)
            VALUES ($1, $2, $3::prediction_type, $4::model_type, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                $18, $19, $20, $21, $22, $23)
            RETURNING """ + " " + COLUMNS;

    static final String BY_VERSION = "SELECT " + COLUMNS + " FROM ml_models WHERE name = $1 AND version = $2";
    static final String BY_STAGE = "SELECT " + COLUMNS + " FROM ml_models WHERE name = $1 AND status = $2::model_status ORDER BY version DESC LIMIT 1";
    static final String LATEST = "SELECT " + COLUMNS + " FROM ml_models WHERE name = $1 ORDER BY version DESC LIMIT 1";
    static final String ALL_VERSIONS = "SELECT " + COLUMNS + " FROM ml_models WHERE name = $1 ORDER BY version";
    static final String MODEL_NAMES = """
            SELECT name, min(prediction_type::text) AS prediction_type, max(version) AS latest_version, count(*) AS versions,
                   max(version) FILTER (WHERE status = 'PRODUCTION') AS production_version
            FROM ml_models GROUP BY name ORDER BY name""";
    static final String PRODUCTION_MODELS = "SELECT " + COLUMNS + " FROM ml_models WHERE status = 'PRODUCTION' ORDER BY name";

    static final String ARTIFACT = "SELECT artifact FROM ml_models WHERE model_id = $1";

    static final String SET_STATUS = """
            UPDATE ml_models SET status = $2::model_status,
                deployed_at = CASE WHEN $2 = 'PRODUCTION' THEN now() ELSE deployed_at END,
                archived_at = CASE WHEN $2 = 'ARCHIVED' THEN now() ELSE archived_at END
            WHERE model_id = $1""";

    static final String INSERT_HISTORY = """
            INSERT INTO ml_model_stage_history (model_id, name, version, from_status, to_status, changed_by, reason)
            VALUES ($1, $2, $3, $4::model_status, $5::model_status, $6, $7)""";

    static final String HISTORY = """
            SELECT version, from_status::text AS from_status, to_status::text AS to_status, changed_by, reason, changed_at
            FROM ml_model_stage_history WHERE name = $1 ORDER BY history_id""";

    private RegistryQueries() {
    }
}
