-- Distributions an admin accepted as the pipeline's PSI baseline (issue #14: a fresh deployment's first
-- real run must not be compared with the empty run made before its data arrived). Every acceptance is kept,
-- who and when; the latest one is the baseline later runs compare with. Without any, a run compares with
-- the latest successful run that profiled at least pipeline.gates.minBaselineUsers users.
CREATE TABLE pipeline_baselines (
    baseline_id  bigserial PRIMARY KEY,
    run_id       bigint NOT NULL REFERENCES pipeline_runs ON DELETE CASCADE,
    accepted_by  text NOT NULL,
    accepted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pipeline_baselines_run_idx ON pipeline_baselines (run_id);
