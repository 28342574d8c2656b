/**
 * The feature store: the catalog in code ({@link com.roisystems.ml.features.FeatureCatalog},
 * {@link com.roisystems.ml.features.FeatureDefinition}, the five category files), the point-in-time engine
 * ({@link com.roisystems.ml.features.FeatureComputer}, SQL in {@link com.roisystems.ml.features.FeatureQueries}),
 * its registration in {@code ml_features} ({@link com.roisystems.ml.features.FeatureRegistry}), and serving: the
 * online store ({@link com.roisystems.ml.features.OnlineStore}: in-process LRU, then Redis, PostgreSQL on a miss; a
 * person's vector deleted on erasure) and vectors whose values carry a status.
 * Its contract type ({@link com.roisystems.ml.features.FeatureContract}): {@code features.get}, {@code features.health},
 * answered by {@link com.roisystems.ml.features.FeatureStore} through
 * {@link com.roisystems.ml.features.FeatureVerticle}, which subscribes to {@code activity.ingested} and publishes
 * {@link com.roisystems.ml.features.FeaturesUpdated} ({@code features.updated}) after refreshing online vectors; on
 * {@code features.updated} from any cluster node it drops older in-process copies of those vectors.
 * A request carries the caller's tenant: PostgreSQL reads run in its scope ({@code db.TenantScope}, row-level
 * security), the online store records each vector's tenant, and another tenant's entity is answered NOT_FOUND.
 * Every definition names the contract fields it reads ({@link com.roisystems.ml.features.SourceField}); from them
 * {@link com.roisystems.ml.features.EventFieldsDocument} generates {@code docs/events.md}'s field tables, and a request
 * with {@code mark_missing} serves a null computed from a field the producer did not send as MISSING, not NULL.
 *
 * <p>Layer: capabilities. Uses bus and db; never the edge. Used by pipeline, training, scoring, privacy
 * and the edge.
 */
package com.roisystems.ml.features;
