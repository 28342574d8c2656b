package com.roisystems.ml.pipeline;

import com.roisystems.ml.features.FeatureCategory;

import java.util.List;

/**
 * Every SQL statement of the pipeline, named. Run history lives in {@code pipeline_runs} /
 * {@code pipeline_task_runs}; {@code pipeline_run_users} and {@code pipeline_staging} are the run's
 * scratch tables (see {@code sql/V7__pipeline.sql}).
 *
 * <p>{@code pool.preparedQuery(PipelineQueries.GET_RUN).execute(Tuple.of(runId))}
 */
final class PipelineQueries {

    /** The advisory-lock namespace of pipeline runs: (this, as-of epoch day) locks one as-of date. */
    static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext('roi.pipeline'), $1::int) AS locked";
    static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('roi.pipeline'), $1::int)";

    private static final String RUN_COLUMNS = "run_id, as_of, status, trigger, instance, created_at, started_at, finished_at,"
            + " users, rows_written, gates, error, cancel_requested";

    static final String INSERT_RUN = "INSERT INTO pipeline_runs (as_of, status, trigger) VALUES ($1, 'QUEUED', $2) RETURNING " + RUN_COLUMNS;
    static final String GET_RUN = "SELECT " + RUN_COLUMNS + " FROM pipeline_runs WHERE run_id = $1";
    /** Serialises run creation across instances for the transaction (the one-run-at-a-time check, then the insert). */
    static final String LOCK_RUN_CREATION = "SELECT pg_advisory_xact_lock(hashtext('pipeline_runs.create'))";
    static final String ACTIVE_RUN = "SELECT " + RUN_COLUMNS + " FROM pipeline_runs WHERE status IN ('QUEUED', 'RUNNING') AND run_id <> $1 ORDER BY run_id LIMIT 1";
    static final String LIST_RUNS = "SELECT " + RUN_COLUMNS + " FROM pipeline_runs ORDER BY run_id DESC LIMIT $1";
    static final String RUNS_WITH_STATUS = "SELECT " + RUN_COLUMNS + " FROM pipeline_runs WHERE status = ANY($1::text[]) ORDER BY run_id";

    /** Claims a run for execution: only from a state that may start (QUEUED, or resumable). */
    static final String START_RUN = """
            UPDATE pipeline_runs SET status = 'RUNNING', instance = $2, started_at = coalesce(started_at, now()),
                   finished_at = NULL, error = NULL, cancel_requested = false
            WHERE run_id = $1 AND status = ANY($3::text[]) RETURNING run_id""";
    static final String FINISH_RUN = """
            UPDATE pipeline_runs SET status = $2, finished_at = now(), error = $3
            WHERE run_id = $1 AND status IN ('QUEUED', 'RUNNING')""";
    static final String MARK_INTERRUPTED = """
            UPDATE pipeline_runs SET status = 'INTERRUPTED', finished_at = now(),
                   error = 'interrupted: no instance held the run''s lock at start-up (crash or kill)'
            WHERE run_id = $1 AND status IN ('QUEUED', 'RUNNING')""";
    static final String REQUEST_CANCEL = "UPDATE pipeline_runs SET cancel_requested = true WHERE run_id = $1 AND status IN ('QUEUED', 'RUNNING')";
    static final String CANCEL_REQUESTED = "SELECT cancel_requested FROM pipeline_runs WHERE run_id = $1";
    static final String SET_USERS = "UPDATE pipeline_runs SET users = $2 WHERE run_id = $1";
    static final String SET_GATES = "UPDATE pipeline_runs SET gates = $2, profile = $3 WHERE run_id = $1";
    static final String SET_ROWS_WRITTEN = "UPDATE pipeline_runs SET rows_written = $2 WHERE run_id = $1";

    /**
     * The PSI baseline of run {@code $1}: the distribution an admin accepted last, else the latest successful run
     * at or before this run's as-of date (a backfill of May compares with April, not with yesterday's daily run)
     * that profiled at least {@code $2} users, so an empty start-up run is never one. Also this run's own user count.
     */
    static final String BASELINE_PROFILE = """
            SELECT (SELECT users FROM pipeline_runs WHERE run_id = $1) AS run_users, c.*
            FROM (SELECT 1) one LEFT JOIN LATERAL (
                SELECT * FROM (
                    (SELECT 0 AS rank, 'accepted' AS source, r.run_id, r.as_of, r.users, r.profile, b.accepted_by, b.accepted_at
                     FROM pipeline_baselines b JOIN pipeline_runs r ON r.run_id = b.run_id
                     WHERE r.profile IS NOT NULL AND r.run_id <> $1 ORDER BY b.baseline_id DESC LIMIT 1)
                    UNION ALL
                    (SELECT 1, 'latest_eligible_run', run_id, as_of, users, profile, NULL, NULL FROM pipeline_runs
                     WHERE status = 'SUCCEEDED' AND profile IS NOT NULL AND run_id <> $1 AND users >= $2
                       AND as_of <= (SELECT as_of FROM pipeline_runs WHERE run_id = $1)
                     ORDER BY as_of DESC, finished_at DESC LIMIT 1)) candidates
                ORDER BY rank LIMIT 1) c ON true""";
    /** Accepts run {@code $1}'s distribution as the baseline, by {@code $2}, if it succeeded with {@code $3}+ users. */
    static final String ACCEPT_BASELINE = """
            INSERT INTO pipeline_baselines (run_id, accepted_by)
            SELECT run_id, $2 FROM pipeline_runs WHERE run_id = $1 AND status = 'SUCCEEDED' AND profile IS NOT NULL AND users >= $3
            RETURNING run_id, accepted_by, accepted_at""";
    static final String LAST_SUCCESS = "SELECT max(as_of) AS as_of, extract(epoch FROM max(finished_at)) AS at FROM pipeline_runs WHERE status = 'SUCCEEDED'";
    static final String NEWER_SUCCESS = "SELECT 1 FROM pipeline_runs WHERE status = 'SUCCEEDED' AND as_of > $1 LIMIT 1";

    static final String TASKS = """
            SELECT task, status, attempts, started_at, finished_at, row_count, details, error
            FROM pipeline_task_runs WHERE run_id = $1""";
    static final String TASK_STARTED = """
            INSERT INTO pipeline_task_runs (run_id, task, status, attempts, started_at) VALUES ($1, $2, 'RUNNING', $3, now())
            ON CONFLICT (run_id, task) DO UPDATE SET status = 'RUNNING', attempts = EXCLUDED.attempts,
                   started_at = now(), finished_at = NULL, error = NULL""";
    static final String TASK_FINISHED = """
            UPDATE pipeline_task_runs SET status = $3, finished_at = now(), row_count = $4, details = $5, error = $6
            WHERE run_id = $1 AND task = $2""";
    /** A resumed run whose scratch rows are gone (database crash) recomputes from the start. */
    static final String RESET_TASKS = "DELETE FROM pipeline_task_runs WHERE run_id = $1 AND task <> ALL($2::text[])";

    // extract_raw_data: the run's user set and the volumes of raw data behind it.
    static final String CLEAR_RUN_USERS = "DELETE FROM pipeline_run_users WHERE run_id = $1";
    static final String EXTRACT_USERS = """
            INSERT INTO pipeline_run_users (run_id, ord, user_id)
            SELECT $1, row_number() OVER (ORDER BY user_id), user_id FROM users WHERE created_at < $2""";
    static final String RAW_COUNTS = """
            SELECT (SELECT count(*) FROM properties p WHERE p.purchase_date < $1::timestamptz::date) AS properties,
                   (SELECT count(*) FROM document_access WHERE occurred_at >= $1 - interval '90 days' AND occurred_at < $1) AS document_access_90d,
                   (SELECT count(*) FROM email_events WHERE occurred_at >= $1 - interval '90 days' AND occurred_at < $1) AS email_events_90d,
                   (SELECT count(*) FROM platform_sessions WHERE occurred_at >= $1 - interval '90 days' AND occurred_at < $1) AS sessions_90d""";
    static final String RUN_USERS = "SELECT ord, user_id FROM pipeline_run_users WHERE run_id = $1 AND ord BETWEEN $2 AND $3 ORDER BY ord";
    static final String RUN_USER_COUNT = "SELECT count(*) FROM pipeline_run_users WHERE run_id = $1";

    static final String STAGE = """
            INSERT INTO pipeline_staging (run_id, category, ord, user_id, v) VALUES ($1, $2::feature_category, $3, $4, $5)
            ON CONFLICT (run_id, category, ord) DO UPDATE SET user_id = EXCLUDED.user_id, v = EXCLUDED.v""";
    static final String CLEAR_STAGING_CATEGORY = "DELETE FROM pipeline_staging WHERE run_id = $1 AND category = $2::feature_category";
    static final String STAGING_COUNT = "SELECT count(*) FROM pipeline_staging WHERE run_id = $1";
    static final String CLEAR_STAGING = "DELETE FROM pipeline_staging WHERE run_id = $1";

    static final String PRODUCTION_MODELS = """
            SELECT name, version, metrics, tags FROM ml_models WHERE status = 'PRODUCTION' ORDER BY deployed_at DESC NULLS LAST, model_id DESC""";
    static final String UPDATE_STATISTICS = """
            UPDATE ml_features f SET stat_min = s.min, stat_max = s.max, stat_mean = s.mean, stat_stddev = s.stddev,
                   stat_null_rate = s.null_rate, importance = s.importance, stats_updated_at = now(), updated_at = now()
            FROM unnest($1::text[], $2::int[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])
                 AS s(name, version, min, max, mean, stddev, null_rate, importance)
            WHERE f.name = s.name AND f.version = s.version""";

    private PipelineQueries() {
    }

    /**
     * store_features: concatenates the categories' parts in layout order and upserts one row per
     * (entity, as-of), so re-running a date replaces it. {@code $1} run, {@code $2} as-of, {@code $3}
     * layout id, {@code $4..$5} ord range. Returns the written vectors for the online store.
     */
    static String store(List<FeatureCategory> layoutOrder) {
        StringBuilder concat = new StringBuilder();
        StringBuilder joins = new StringBuilder();
        for (int i = 0; i < layoutOrder.size(); i++) {
            String alias = "s" + i;
            concat.append(i == 0 ? "" : " || ").append(alias).append(".v");
            if (i > 0) {
                joins.append("JOIN pipeline_staging ").append(alias).append(" ON ").append(alias).append(".run_id = s0.run_id AND ")
                        .append(alias).append(".ord = s0.ord AND ").append(alias).append(".category = '").append(layoutOrder.get(i).name()).append("'\n");
            }
        }
        // The vector takes its user's tenant; a user deleted since extract has no vector this run.
        return "INSERT INTO ml_feature_values (entity_type, entity_id, as_of, layout_id, \"values\", run_id, tenant_id)\n"
                + "SELECT 'USER'::entity_type, s0.user_id, $2, $3, " + concat + ", $1, u.tenant_id\n"
                + "FROM pipeline_staging s0\n" + joins + "JOIN users u ON u.user_id = s0.user_id\n"
                + "WHERE s0.run_id = $1 AND s0.category = '" + layoutOrder.get(0).name() + "' AND s0.ord BETWEEN $4 AND $5\n"
                + "ON CONFLICT (entity_type, entity_id, as_of) DO UPDATE\n"
                + "SET layout_id = EXCLUDED.layout_id, \"values\" = EXCLUDED.\"values\", run_id = EXCLUDED.run_id, computed_at = now()\n"
                + "RETURNING entity_id, \"values\", tenant_id";
    }
}
