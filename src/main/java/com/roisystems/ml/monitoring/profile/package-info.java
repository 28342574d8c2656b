/**
 * Feature profiles from Apache DataSketches: per feature a KLL quantile sketch (numeric) or a frequent-items sketch
 * (the catalog's CATEGORICAL and BOOLEAN features, {@link com.roisystems.ml.monitoring.profile.FeatureKinds}) and a null
 * count, and the same for the prediction ({@link com.roisystems.ml.monitoring.profile.FeatureSketch},
 * {@link com.roisystems.ml.monitoring.profile.Profile}); mergeable and stored as JSON with base64 sketches and a format
 * version. {@link com.roisystems.ml.monitoring.profile.ReferenceProfile#of} profiles a version's training rows;
 * {@link com.roisystems.ml.monitoring.profile.ServingProfile} is one version's serving window.
 *
 * <p>Layer: capabilities. Uses monitoring.drift and features (the catalog's data types); used by monitoring.
 */
package com.roisystems.ml.monitoring.profile;
