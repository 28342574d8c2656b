-- Experiment tracking (#15 item 7): every training run is one ml_experiments row, written RUNNING when the run starts
-- and FINISHED (with the registered version's model_id) or FAILED (with the error) when it ends. The columns below
-- are what the list and compare routes filter and show; parameters, metrics and artifacts stay in V2's jsonb columns.
ALTER TABLE ml_experiments
    ADD COLUMN model_name       text,
    ADD COLUMN prediction_type  text,
    ADD COLUMN started_by       text,
    ADD COLUMN duration_ms      bigint,
    ADD COLUMN error            text,
    ADD COLUMN dataset          jsonb NOT NULL DEFAULT '{}';

CREATE INDEX ml_experiments_started_idx ON ml_experiments (started_at DESC, run_id DESC);
CREATE INDEX ml_experiments_model_idx ON ml_experiments (model_name, started_at DESC);
