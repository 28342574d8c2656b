package com.roisystems.ml.features;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog as registered in PostgreSQL: {@link #sync} writes {@code ml_features} from the code
 * (a changed hash is a new version row, a feature gone from the code is marked deprecated, nothing is
 * deleted) and registers layouts; the result knows each feature's version number.
 *
 * <p>{@code FeatureRegistry.sync(pool, FeatureCatalog.standard()).compose(registry -> registry.layoutFor(registry.catalog().all()))}
 */
public final class FeatureRegistry {

    private static final Logger log = LoggerFactory.getLogger(FeatureRegistry.class);

    private final Pool pool;
    private final FeatureCatalog catalog;
    private final Map<String, Integer> versions;
    private final Map<String, Future<FeatureLayout>> layouts = new ConcurrentHashMap<>();

    private FeatureRegistry(Pool pool, FeatureCatalog catalog, Map<String, Integer> versions) {
        this.pool = pool;
        this.catalog = catalog;
        this.versions = Map.copyOf(versions);
    }

    /** Brings {@code ml_features} in line with {@code catalog}, under an advisory lock so instances do not race. */
    public static Future<FeatureRegistry> sync(Pool pool, FeatureCatalog catalog) {
        return pool.withTransaction(connection -> connection.query(FeatureQueries.SYNC_LOCK).execute()
                .compose(locked -> connection.query(FeatureQueries.LATEST_DEFINITIONS).execute())
                .compose(rows -> {
                    Map<String, Row> latest = new HashMap<>();
                    rows.forEach(row -> latest.put(row.getString("name"), row));
                    Map<String, Integer> versions = new HashMap<>();
                    List<Tuple> inserts = new ArrayList<>();
                    for (FeatureDefinition definition : catalog.all()) {
                        Row current = latest.get(definition.name());
                        if (current != null && current.getString("definition_hash").equals(definition.hash()) && !current.getBoolean("deprecated")) {
                            versions.put(definition.name(), current.getInteger("version"));
                            continue;
                        }
                        int version = current == null ? 1 : current.getInteger("version") + 1;
                        versions.put(definition.name(), version);
                        inserts.add(insertTuple(definition, version));
                    }
                    Future<?> inserted = inserts.isEmpty() ? Future.succeededFuture()
                            : connection.preparedQuery(FeatureQueries.INSERT_DEFINITION).executeBatch(inserts);
                    String[] names = catalog.all().stream().map(FeatureDefinition::name).toArray(String[]::new);
                    return inserted
                            .compose(done -> connection.preparedQuery(FeatureQueries.DEPRECATE_MISSING).execute(Tuple.of(names)))
                            .map(deprecated -> {
                                log.info("Feature catalog synced: {} definitions, {} new version row(s), {} deprecated",
                                        names.length, inserts.size(), deprecated.rowCount());
                                return new FeatureRegistry(pool, catalog, versions);
                            });
                }))
                .compose(registry -> registry.layoutFor(catalog.all()).map(layout -> registry));
    }

    private static Tuple insertTuple(FeatureDefinition definition, int version) {
        return Tuple.from(new Object[]{definition.name(), version, definition.category().name(), definition.entityType(),
                definition.dataType().name(), definition.description(), definition.computationSql(), definition.hash(),
                definition.windowDays(), finiteOrNull(definition.validMin()), finiteOrNull(definition.validMax()),
                definition.defaultValue(), definition.nullPolicy() != NullPolicy.REQUIRED});
    }

    private static Double finiteOrNull(double value) {
        return Double.isInfinite(value) ? null : value;
    }

    public FeatureCatalog catalog() {
        return catalog;
    }

    public int version(String name) {
        return versions.get(name);
    }

    /** The registered layout of {@code definitions} in their order; registered once, then cached. */
    public Future<FeatureLayout> layoutFor(List<FeatureDefinition> definitions) {
        List<String> names = definitions.stream().map(FeatureDefinition::name).toList();
        List<Integer> numbers = names.stream().map(versions::get).toList();
        String hash = FeatureLayout.hashOf(names, numbers);
        Future<FeatureLayout> layout = layouts.computeIfAbsent(hash, key -> pool.preparedQuery(FeatureQueries.UPSERT_LAYOUT)
                .execute(Tuple.of(hash, names.toArray(String[]::new), numbers.toArray(Integer[]::new)))
                .map(rows -> new FeatureLayout(rows.iterator().next().getInteger("layout_id"), hash, names, numbers)));
        return layout.recover(failure -> {
            layouts.remove(hash, layout);
            return Future.failedFuture(failure);
        });
    }
}
