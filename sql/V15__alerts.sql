-- Model monitoring alerts (#15 item 5): one row per alert, from the evaluation that raised it to the one that resolved
-- it. alert_key names the condition (model, version, condition, feature); the partial unique index allows one open row
-- per key, so an evaluation that finds the condition again only moves last_seen_at, and two instances (or a restart)
-- never raise it twice: the INSERT that wins the index is the one that sends it, the UPDATE that sets resolved_at the
-- one that sends the resolution.
CREATE TABLE ml_alerts (
    alert_id       bigserial PRIMARY KEY,
    alert_key      text NOT NULL,
    model_name     text NOT NULL,
    model_version  integer NOT NULL,
    condition      text NOT NULL,
    feature        text,
    severity       text NOT NULL,
    labels         jsonb NOT NULL,
    summary        text NOT NULL,
    description    text NOT NULL,
    value          double precision,
    period_start   timestamptz NOT NULL,
    period_end     timestamptz NOT NULL,
    started_at     timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL,
    resolved_at    timestamptz
);
CREATE UNIQUE INDEX ml_alerts_one_open ON ml_alerts (alert_key) WHERE resolved_at IS NULL;
CREATE INDEX ml_alerts_model_idx ON ml_alerts (model_name, started_at DESC);
