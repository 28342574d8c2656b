/**
 * Training the four models on point-in-time data: {@link com.roisystems.ml.training.DatasetBuilder} (features as
 * of each cut-off, labels from after it) over cut-offs drawn from the data present ({@code MonthlyCutoffs}; market
 * data optional), rows split by label event and label time ({@code GroupedSplit}), label events accounted for
 * ({@code LabelUsage}), one trainer per prediction type, each also scored on unseen entities ({@code UnseenEntities};
 * PROPERTY_VALUE's interval split-conformal, {@code ConformalInterval}), {@link com.roisystems.ml.training.Metrics},
 * {@link com.roisystems.ml.training.HyperParameters}, {@link com.roisystems.ml.training.ModelProvenance}, and
 * {@link com.roisystems.ml.training.ModelTrainer}, which trains, registers and optionally promotes in one run, with the
 * version's feature importance ({@code FeatureImportance}), its drift reference with the scorer-scale predictions
 * ({@code TrainingReference}, {@code ServedPredictions}), and the run tracked in {@code ml_experiments}
 * ({@code ExperimentRun}, {@link com.roisystems.ml.training.ExperimentStore}, {@code EvaluationArtifacts}).
 * {@link com.roisystems.ml.training.TrainingVerticle} serves {@link com.roisystems.ml.training.TrainingContract}
 * ({@code admin.models.train}) on a dedicated training thread, and {@link com.roisystems.ml.training.ExperimentContract}
 * ({@code admin.experiments.*}); {@link com.roisystems.ml.training.DemoTraining}
 * trains what the demo lacks.
 *
 * <p>Layer: capabilities. Uses features (engine, catalog, registry), registry (to register and promote), model
 * (artifact format, calibration, contact slots), scoring.compiled (the scorer's compiled ensemble and TreeSHAP),
 * monitoring (reference profiles), bus, config and db; never the edge.
 */
package com.roisystems.ml.training;
