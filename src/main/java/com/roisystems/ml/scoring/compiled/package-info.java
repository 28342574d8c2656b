/**
 * Smile tree ensembles compiled for serving: {@link com.roisystems.ml.scoring.compiled.CompiledEnsemble} flattens
 * boosted trees and random forests ({@link com.roisystems.ml.scoring.compiled.TreeCompiler}) into immutable arrays
 * that score bit-for-bit like Smile without allocating, and explains a row with exact path-dependent TreeSHAP
 * ({@link com.roisystems.ml.scoring.compiled.ShapPlan}, evaluated on SIMD lanes by
 * {@link com.roisystems.ml.scoring.compiled.VectorTreeShap} when the Vector API module is present, else by
 * {@link com.roisystems.ml.scoring.compiled.ScalarTreeShap}; {@link com.roisystems.ml.scoring.compiled.ShapEngine}
 * chooses) into {@link com.roisystems.ml.scoring.compiled.ShapValues}. No event-bus contract.
 *
 * <p>Layer: capabilities, below scoring. Uses no project package (Smile and the JDK only); used by scoring, by
 * training (feature importance, reference predictions) and by the scoring benchmark. An arrow back to scoring would be a package cycle.
 */
package com.roisystems.ml.scoring.compiled;
