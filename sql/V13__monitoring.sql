-- Model monitoring (#15): reference profiles per model version, serving profiles per version and window, and
-- ml_monitoring keyed by the whole window so an hourly row and the daily roll-up that starts at the same midnight
-- can both exist.

-- The training rows' profile of a model version (feature sketches and the prediction's), written at training time.
CREATE TABLE ml_reference_profiles (
    model_name     text NOT NULL,
    model_version  integer NOT NULL,
    profile        jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_name, model_version)
);

-- What a version served in a window (an hour, or a day rolled up from its hours): sketches merged on every flush
-- (by the prediction log, under an advisory lock on the window), so a window survives restarts; closed_at is set when
-- the window has been compared with its reference and written to ml_monitoring.
CREATE TABLE ml_serving_profiles (
    model_name     text NOT NULL,
    model_version  integer NOT NULL,
    period_start   timestamptz NOT NULL,
    period_end     timestamptz NOT NULL,
    profile        jsonb NOT NULL,
    rows           bigint NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    closed_at      timestamptz,
    PRIMARY KEY (model_name, model_version, period_start, period_end)
);
CREATE INDEX ml_serving_profiles_open_idx ON ml_serving_profiles (period_end) WHERE closed_at IS NULL;

ALTER TABLE ml_monitoring DROP CONSTRAINT ml_monitoring_model_name_model_version_period_start_key;
ALTER TABLE ml_monitoring ADD CONSTRAINT ml_monitoring_window_key UNIQUE (model_name, model_version, period_start, period_end);
CREATE INDEX ml_monitoring_latest_idx ON ml_monitoring (model_name, period_end DESC);
