-- The daily feature pipeline's run history, kept across restarts, and its working tables.

-- One row per run (one as-of date). QUEUED and RUNNING are "active": at most one active run per
-- as-of date, enforced here so two instances (or a trigger racing a backfill) cannot both start it.
CREATE TABLE pipeline_runs (
    run_id        bigserial PRIMARY KEY,
    as_of         date NOT NULL,
    status        text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED')),
    trigger       text NOT NULL,
    instance      text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    users         integer,
    rows_written  bigint,
    gates         jsonb,
    profile       jsonb,
    error         text,
    cancel_requested boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX pipeline_runs_one_active ON pipeline_runs (as_of) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX pipeline_runs_as_of_idx ON pipeline_runs (as_of DESC, run_id DESC);

-- One row per task of a run; a resumed run skips its SUCCEEDED tasks.
CREATE TABLE pipeline_task_runs (
    run_id       bigint NOT NULL REFERENCES pipeline_runs ON DELETE CASCADE,
    task         text NOT NULL,
    status       text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
    attempts     integer NOT NULL DEFAULT 0,
    started_at   timestamptz,
    finished_at  timestamptz,
    row_count    bigint,
    details      jsonb,
    error        text,
    PRIMARY KEY (run_id, task)
);

-- The run's user set, numbered so tasks can batch by range (extract_raw_data writes it).
CREATE UNLOGGED TABLE pipeline_run_users (
    run_id   bigint NOT NULL,
    ord      integer NOT NULL,
    user_id  text NOT NULL,
    PRIMARY KEY (run_id, ord)
);

-- Computed but not yet validated vectors, one row per (run, category, user): the compute tasks write
-- their part side by side, store_features concatenates them in layout order. Unlogged: it is scratch
-- data (a database crash empties it and a resumed run recomputes).
CREATE UNLOGGED TABLE pipeline_staging (
    run_id    bigint NOT NULL,
    category  feature_category NOT NULL,
    ord       integer NOT NULL,
    user_id   text NOT NULL,
    v         double precision[] NOT NULL,
    PRIMARY KEY (run_id, category, ord)
);
