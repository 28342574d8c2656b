/**
 * The model registry in PostgreSQL ({@link com.roisystems.ml.registry.ModelRegistry}): versions with metrics,
 * parameters, tags and provenance; stages None, Staging, Production, Archived ({@link com.roisystems.ml.registry.Stage});
 * compare; an audit history. Promotion runs in one transaction under a per-name advisory lock, and
 * {@link com.roisystems.ml.registry.ModelsChanged} ({@code models.changed}) is published after the commit so
 * scorers hot-swap. Loading verifies checksum and format ({@link com.roisystems.ml.registry.LoadedModel}).
 * {@link com.roisystems.ml.registry.RegistryVerticle} serves {@link com.roisystems.ml.registry.RegistryContract}
 * ({@code admin.models.list}, {@code .get}, {@code .promote}, {@code .archive}, {@code .compare}, {@code .history}).
 *
 * <p>Layer: capabilities. Uses bus and db; never the edge. Used by training, scoring and the edge.
 */
package com.roisystems.ml.registry;
