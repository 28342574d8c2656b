/**
 * Performance over time from real outcomes: {@link com.roisystems.ml.monitoring.performance.PerformanceJob} finds, for
 * each recent {@code ml_monitoring} window, the outcome of each of its logged predictions, point in time (strictly
 * after the prediction, within training's label horizon; feedback first, then the activity, by training's label
 * definitions: {@code OutcomeQueries}), and writes {@code ml_monitoring.performance}: realised AUC, Brier, log-loss and
 * calibration bins ({@link com.roisystems.ml.monitoring.performance.BinaryOutcomes}), accuracy and macro-F1
 * ({@link com.roisystems.ml.monitoring.performance.ClassOutcomes}), RMSE and MAPE
 * ({@link com.roisystems.ml.monitoring.performance.ValueErrors}) or the slot hit rate; the performance estimated from
 * the calibrated scores before outcomes exist (CBPE,
 * {@link com.roisystems.ml.monitoring.performance.ConfidenceBasedEstimate}); and training's test metrics beside them.
 * Each window written is announced ({@link com.roisystems.ml.monitoring.performance.WindowPerformanceWritten}).
 * Predictions still inside their horizon without an outcome are unlabelled, never negatives. The metrics are pure
 * Java, checked against numpy/SciPy in {@code PerformanceMetricsTest} (golden values made by
 * {@code src/test/resources/monitoring/golden/make_performance_golden.py}); settings in
 * {@link com.roisystems.ml.monitoring.performance.PerformanceSettings} ({@code monitoring.performance}).
 *
 * <p>Layer: capabilities. Uses model ({@code PredictionType}, {@code ContactSlots}) and reads the activity tables,
 * {@code ml_predictions}, {@code ml_models} and {@code ml_monitoring}; used by predictionlog, which runs the job after
 * the drift job.
 */
package com.roisystems.ml.monitoring.performance;
