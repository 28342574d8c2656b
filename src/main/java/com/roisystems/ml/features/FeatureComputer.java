package com.roisystems.ml.features;

import io.vertx.pgclient.data.Interval;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.db.TenantScope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The point-in-time engine: computes feature values as of any instant from the raw platform tables,
 * using only rows that existed before it. Everything is one reactive SQL statement per call; PostgreSQL
 * does the heavy lifting, set-based for many users.
 *
 * <p>{@code computer.computeFeatureSet(List.of(), List.of("BEHAVIORAL"), "user_1", Instant.now()).onSuccess(v -> v.toArray());}
 */
public final class FeatureComputer {

    private static final Logger log = LoggerFactory.getLogger(FeatureComputer.class);

    /** Users per backfill statement: large enough to be set-based, small enough to report progress. */
    static final int BACKFILL_CHUNK = 500;

    private final Pool pool;
    private final FeatureRegistry registry;
    private final FeatureValidator validator = new FeatureValidator();

    public FeatureComputer(Pool pool, FeatureRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    /** Syncs the catalog into {@code ml_features} and returns an computer over it. */
    public static Future<FeatureComputer> create(Pool pool, FeatureCatalog catalog) {
        return FeatureRegistry.sync(pool, catalog).map(registry -> new FeatureComputer(pool, registry));
    }

    public FeatureCatalog catalog() {
        return registry.catalog();
    }

    public FeatureRegistry registry() {
        return registry;
    }

    /** One feature of one user; fails with 400 for an unknown name, 404 for an unknown user. */
    public Future<FeatureValue> computeFeature(String name, String userId, Instant asOf) {
        return computeFeatureSet(List.of(name), List.of(), userId, asOf).map(vector -> vector.values().get(0));
    }

    /** The named features plus the named categories (both empty: all) of one user as of {@code asOf}. */
    public Future<FeatureVector> computeFeatureSet(List<String> names, List<String> categories, String userId, Instant asOf) {
        List<FeatureDefinition> definitions;
        try {
            definitions = registry.catalog().select(names, categories);
        } catch (ServiceFailure e) {
            return Future.failedFuture(e);
        }
        return compute(definitions, userId, asOf);
    }

    /** The vector of {@code definitions} for one user, seeing every tenant; 404 if the user does not exist. */
    public Future<FeatureVector> compute(List<FeatureDefinition> definitions, String userId, Instant asOf) {
        return compute(definitions, userId, asOf, null);
    }

    /**
     * The vector of {@code definitions} for one user, read in {@code tenant}'s scope ({@link TenantScope}; null: every
     * tenant). 404 if the user does not exist, or belongs to another tenant: row-level security hides it, so the
     * answer is the same and existence is not disclosed.
     */
    public Future<FeatureVector> compute(List<FeatureDefinition> definitions, String userId, Instant asOf, String tenant) {
        return TenantScope.run(pool, tenant, client -> client.preparedQuery(FeatureQueries.vectorForUser(definitions))
                        .execute(Tuple.of(userId, utc(asOf))))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(ServiceFailure.notFound("entity_id: unknown user '" + userId + "'"));
                    }
                    Row row = rows.iterator().next();
                    return Future.succeededFuture(FeatureRows.computed(EntityRef.user(userId), asOf, definitions,
                            FeatureRows.values(row), row.getString("tenant_id")));
                });
    }

    /**
     * The names among {@code definitions} whose inputs the producer did not send, for one user as of {@code asOf} in
     * {@code tenant}'s scope: a field of a row that exists (the primary property, the latest market month) is null.
     * Only definitions that can have an unknown input are asked about; an unknown user yields none. One statement,
     * run only to tell MISSING from NULL for a caller who asked ({@link FeatureContract.GetRequest#markMissing()}).
     */
    public Future<Set<String>> unknownInputs(List<FeatureDefinition> definitions, String userId, Instant asOf, String tenant) {
        List<FeatureDefinition> askable = definitions.stream().filter(definition -> definition.unknownInputSql() != null).toList();
        if (askable.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return TenantScope.run(pool, tenant, client -> client.preparedQuery(FeatureQueries.unknownInputsForUser(askable))
                        .execute(Tuple.of(userId, utc(asOf))))
                .map(rows -> {
                    Set<String> unknown = new LinkedHashSet<>();
                    for (Row row : rows) {
                        Boolean[] flags = row.getArrayOfBooleans("u");
                        for (int i = 0; i < askable.size(); i++) {
                            if (Boolean.TRUE.equals(flags[i])) {
                                unknown.add(askable.get(i).name());
                            }
                        }
                    }
                    return unknown;
                });
    }

    /**
     * Set-based: the vectors of {@code definitions} for many users as of one instant, in one statement.
     * The daily pipeline calls this per category in parallel. Unknown users are absent from the map.
     */
    public Future<Map<String, double[]>> computeVectors(List<FeatureDefinition> definitions, List<String> userIds, Instant asOf) {
        return computeTenantVectors(definitions, userIds, asOf).map(owned -> {
            Map<String, double[]> vectors = new LinkedHashMap<>();
            owned.forEach((userId, values) -> vectors.put(userId, values.values()));
            return vectors;
        });
    }

    /** As {@link #computeVectors}, each vector with its user's tenant (the online store records it). */
    public Future<Map<String, TenantValues>> computeTenantVectors(List<FeatureDefinition> definitions, List<String> userIds, Instant asOf) {
        return pool.preparedQuery(FeatureQueries.vectorsForUsers(definitions))
                .execute(Tuple.of(userIds.toArray(String[]::new), utc(asOf)))
                .map(rows -> {
                    Map<String, TenantValues> vectors = new LinkedHashMap<>();
                    for (Row row : rows) {
                        vectors.put(row.getString("user_id"), new TenantValues(row.getString("tenant_id"), FeatureRows.toDoubles(FeatureRows.values(row))));
                    }
                    return vectors;
                });
    }

    /** A user's computed values (NaN = null) and the tenant the user belongs to. */
    public record TenantValues(String tenant, double[] values) {
    }

    /**
     * Computes {@code definitions} for {@code userIds} at every step from {@code start} to {@code end}
     * (inclusive) and writes them to {@code ml_feature_values} with INSERT ... SELECT, chunk by chunk,
     * overwriting earlier runs for the same (entity, as_of). Progress is reported after each chunk.
     */
    public Future<BackfillReport> backfill(List<FeatureDefinition> definitions, List<String> userIds, Instant start, Instant end,
                                           Duration step, Long runId, Consumer<BackfillReport> progress) {
        if (step.isZero() || step.isNegative() || end.isBefore(start)) {
            return Future.failedFuture(ServiceFailure.invalid("step", "must be positive and end not before start"));
        }
        long started = System.nanoTime();
        String sql = FeatureQueries.backfill(definitions);
        Interval interval = Interval.of(0, 0, 0, 0, 0, Math.toIntExact(step.toSeconds()));
        return registry.layoutFor(definitions).compose(layout -> {
            Future<BackfillReport> chain = Future.succeededFuture(new BackfillReport(0, userIds.size(), 0, definitions.size(), 0));
            for (int from = 0; from < userIds.size(); from += BACKFILL_CHUNK) {
                List<String> chunk = userIds.subList(from, Math.min(userIds.size(), from + BACKFILL_CHUNK));
                chain = chain.compose(report -> pool.preparedQuery(sql)
                        .execute(Tuple.of(chunk.toArray(String[]::new), utc(start), utc(end), interval, layout.id(), runId))
                        .map(rows -> {
                            BackfillReport next = report.plus(chunk.size(), rows.rowCount(), System.nanoTime() - started);
                            progress.accept(next);
                            return next;
                        }));
            }
            return chain.onSuccess(report -> log.info("Backfill done: {} vectors x {} features for {} users in {} ms (layout {})",
                    report.vectorsWritten(), report.features(), report.usersDone(), report.elapsedNanos() / 1_000_000, layout.id()));
        });
    }

    /** Checks a vector against each feature's type, range and null policy. */
    public ValidationResult validate(FeatureVector vector) {
        return validator.validate(registry.catalog(), vector);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Where a backfill stands: users done of total, vectors written, and {@link #entityFeaturesPerSecond()}.
     *
     * <p>{@code report.vectorsWritten() * report.features()}
     */
    public record BackfillReport(int usersDone, int usersTotal, long vectorsWritten, int features, long elapsedNanos) {

        BackfillReport plus(int users, long vectors, long elapsed) {
            return new BackfillReport(usersDone + users, usersTotal, vectorsWritten + vectors, features, elapsed);
        }

        public double entityFeaturesPerSecond() {
            return elapsedNanos == 0 ? 0 : vectorsWritten * (double) features / (elapsedNanos / 1e9);
        }
    }
}
