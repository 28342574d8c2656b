-- The ML schema of the original design: feature definitions and values, the model registry,
-- experiments, predictions and monitoring.

CREATE TYPE feature_type     AS ENUM ('RAW', 'DERIVED', 'AGGREGATED', 'EMBEDDING');
CREATE TYPE feature_category AS ENUM ('BEHAVIORAL', 'PROPERTY', 'TRANSACTIONAL', 'MARKET', 'TEMPORAL');
CREATE TYPE data_type        AS ENUM ('NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TIMESTAMP', 'TEXT');
CREATE TYPE entity_type      AS ENUM ('USER', 'PROPERTY', 'TRANSACTION', 'AGENT', 'REGION');
CREATE TYPE model_type       AS ENUM ('CLASSIFICATION', 'REGRESSION', 'RANKING', 'CLUSTERING');
CREATE TYPE model_status     AS ENUM ('NONE', 'STAGING', 'PRODUCTION', 'ARCHIVED');
CREATE TYPE prediction_type  AS ENUM ('MOVE_PROBABILITY', 'TRANSACTION_TYPE', 'CONTACT_TIMING', 'PROPERTY_VALUE');

-- Definitions, generated from the catalog in code; a changed definition is a new (name, version) row,
-- a removed one is marked deprecated. Nothing is deleted, so old values stay interpretable.
CREATE TABLE ml_features (
    feature_id        bigserial PRIMARY KEY,
    name              text NOT NULL,
    version           integer NOT NULL,
    category          feature_category NOT NULL,
    feature_type      feature_type NOT NULL DEFAULT 'AGGREGATED',
    entity_type       entity_type NOT NULL,
    data_type         data_type NOT NULL,
    description       text NOT NULL,
    computation_logic text NOT NULL,
    definition_hash   text NOT NULL,
    window_days       integer,
    valid_min         double precision,
    valid_max         double precision,
    default_value     double precision,
    nullable          boolean NOT NULL DEFAULT true,
    stat_min          double precision,
    stat_max          double precision,
    stat_mean         double precision,
    stat_stddev       double precision,
    stat_null_rate    double precision,
    importance        double precision,
    stats_updated_at  timestamptz,
    deprecated        boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

-- A vector layout: the ordered feature names (and their versions) that a stored value array follows.
-- Storing one array per entity and as-of instead of one row per feature keeps the feature store
-- ~80x smaller and a full vector one index lookup away; the long view below gives the per-feature shape.
CREATE TABLE ml_feature_layouts (
    layout_id         serial PRIMARY KEY,
    layout_hash       text NOT NULL UNIQUE,
    feature_names     text[] NOT NULL,
    feature_versions  integer[] NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- The offline feature store: the time series of feature vectors. The primary key is also the
-- "latest value at or before t" index: (entity, as_of DESC) answers it with one backward index probe.
CREATE TABLE ml_feature_values (
    entity_type  entity_type NOT NULL,
    entity_id    text NOT NULL,
    as_of        timestamptz NOT NULL,
    layout_id    integer NOT NULL REFERENCES ml_feature_layouts,
    "values"     double precision[] NOT NULL,
    run_id       bigint,
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity_type, entity_id, as_of)
);
CREATE INDEX ml_feature_values_as_of_brin ON ml_feature_values USING brin (as_of);

CREATE VIEW ml_feature_values_long AS
SELECT v.entity_type, v.entity_id, v.as_of, f.name AS feature_name, f.version AS feature_version, f.value
FROM ml_feature_values v
JOIN ml_feature_layouts l USING (layout_id)
CROSS JOIN LATERAL unnest(l.feature_names, l.feature_versions, v."values") AS f(name, version, value);

-- The model registry.
CREATE TABLE ml_models (
    model_id          bigserial PRIMARY KEY,
    name              text NOT NULL,
    version           integer NOT NULL,
    prediction_type   prediction_type NOT NULL,
    model_type        model_type NOT NULL,
    status            model_status NOT NULL DEFAULT 'NONE',
    algorithm         text NOT NULL,
    accuracy          double precision,
    precision_score   double precision,
    recall            double precision,
    f1_score          double precision,
    auc               double precision,
    mse               double precision,
    mae               double precision,
    r2                double precision,
    metrics           jsonb NOT NULL DEFAULT '{}',
    parameters        jsonb NOT NULL DEFAULT '{}',
    tags              jsonb NOT NULL DEFAULT '{}',
    feature_names     text[] NOT NULL,
    provenance        jsonb NOT NULL DEFAULT '{}',
    format_version    integer NOT NULL,
    artifact          bytea NOT NULL,
    artifact_sha256   text NOT NULL,
    artifact_bytes    integer NOT NULL,
    created_by        text NOT NULL DEFAULT 'system',
    created_at        timestamptz NOT NULL DEFAULT now(),
    deployed_at       timestamptz,
    archived_at       timestamptz,
    UNIQUE (name, version)
);
-- At most one Production version per model name, enforced by the database, not only by the code.
CREATE UNIQUE INDEX ml_models_one_production ON ml_models (name) WHERE status = 'PRODUCTION';

CREATE TABLE ml_model_stage_history (
    history_id   bigserial PRIMARY KEY,
    model_id     bigint NOT NULL REFERENCES ml_models,
    name         text NOT NULL,
    version      integer NOT NULL,
    from_status  model_status NOT NULL,
    to_status    model_status NOT NULL,
    changed_by   text NOT NULL,
    reason       text,
    changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ml_model_stage_history_name_idx ON ml_model_stage_history (name, changed_at);

CREATE TABLE ml_experiments (
    run_id        text PRIMARY KEY,
    experiment    text NOT NULL,
    status        text NOT NULL CHECK (status IN ('RUNNING', 'FINISHED', 'FAILED')),
    parameters    jsonb NOT NULL DEFAULT '{}',
    metrics       jsonb NOT NULL DEFAULT '{}',
    artifacts     jsonb NOT NULL DEFAULT '{}',
    model_id      bigint REFERENCES ml_models,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);

-- Every prediction served. Append-only in time order: BRIN on created_at for the monitoring scans,
-- a btree per model for "this model's recent predictions", the primary key for feedback.
CREATE TABLE ml_predictions (
    prediction_id    text PRIMARY KEY,
    entity_type      entity_type NOT NULL,
    entity_id        text NOT NULL,
    prediction_type  prediction_type NOT NULL,
    model_name       text NOT NULL,
    model_version    integer NOT NULL,
    request          jsonb NOT NULL,
    features_used    jsonb NOT NULL,
    predicted_value  double precision,
    predicted_class  text,
    confidence       double precision,
    shap_values      jsonb,
    latency_ms       double precision NOT NULL,
    created_at       timestamptz NOT NULL,
    actual_value     double precision,
    actual_class     text,
    feedback_at      timestamptz
);
CREATE INDEX ml_predictions_created_brin ON ml_predictions USING brin (created_at);
CREATE INDEX ml_predictions_model_idx ON ml_predictions (model_name, model_version, created_at);
CREATE INDEX ml_predictions_entity_idx ON ml_predictions (entity_id, created_at);

CREATE TABLE ml_monitoring (
    monitoring_id     bigserial PRIMARY KEY,
    model_name        text NOT NULL,
    model_version     integer NOT NULL,
    period_start      timestamptz NOT NULL,
    period_end        timestamptz NOT NULL,
    prediction_count  bigint NOT NULL DEFAULT 0,
    error_count       bigint NOT NULL DEFAULT 0,
    avg_latency_ms    double precision,
    p95_latency_ms    double precision,
    performance       jsonb NOT NULL DEFAULT '{}',
    feature_drift     jsonb NOT NULL DEFAULT '{}',
    drift_detected    boolean NOT NULL DEFAULT false,
    alerts            jsonb NOT NULL DEFAULT '[]',
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (model_name, model_version, period_start)
);
