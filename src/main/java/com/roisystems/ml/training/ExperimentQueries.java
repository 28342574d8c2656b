package com.roisystems.ml.training;

/** The experiment tracker's SQL ({@code ml_experiments}, extended by {@code sql/V16__experiments.sql}), in one place. */
final class ExperimentQueries {

    static final String COLUMNS = """
            e.run_id, e.experiment, e.model_name, e.prediction_type, e.status, e.parameters, e.dataset, e.metrics, e.artifacts,
            e.model_id, m.version AS model_version, e.started_by, e.started_at, e.finished_at, e.duration_ms, e.error""";

    static final String START = """
            INSERT INTO ml_experiments (run_id, experiment, model_name, prediction_type, status, parameters, started_by, started_at)
            VALUES ($1, $2, $2, $3, 'RUNNING', $4, $5, $6)""";

    /** Ends a RUNNING run; a run that already ended is left as it is (the update then touches no row). */
    static final String END = """
            UPDATE ml_experiments SET status = $2, parameters = $3, dataset = $4, metrics = $5, artifacts = $6, model_id = $7,
                   error = $8, duration_ms = $9, finished_at = now()
            WHERE run_id = $1 AND status = 'RUNNING'""";

    /** Newest first; {@code $1} model name or null, {@code $2} status or null, {@code $3} the limit. */
    static final String LIST = "SELECT " + COLUMNS + """

            FROM ml_experiments e LEFT JOIN ml_models m ON m.model_id = e.model_id
            WHERE ($1::text IS NULL OR e.model_name = $1) AND ($2::text IS NULL OR e.status = $2)
            ORDER BY e.started_at DESC, e.run_id DESC LIMIT $3""";

    static final String BY_ID = "SELECT " + COLUMNS + """

            FROM ml_experiments e LEFT JOIN ml_models m ON m.model_id = e.model_id WHERE e.run_id = $1""";

    private ExperimentQueries() {
    }
}
