package com.roisystems.ml.pipeline;

import com.roisystems.ml.features.FeatureCategory;
import com.roisystems.ml.features.FeatureDefinition;
import com.roisystems.ml.features.FeatureComputer;
import com.roisystems.ml.features.FeatureLayout;
import com.roisystems.ml.features.OnlineStore;
import com.roisystems.ml.features.StoredVector;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data tasks of a run. PostgreSQL does the set-based work: the run's users are materialised with
 * one INSERT ... SELECT, each category is computed by the feature computer's set-based vector query per
 * batch of users and staged, and the store step concatenates the staged parts into {@code ml_feature_values}
 * with INSERT ... SELECT. Java only profiles each batch as it passes (for the gates and statistics).
 *
 * <p>{@code tasks.extract(context).compose(outcome -> tasks.compute(context, FeatureCategory.MARKET))}
 */
final class FeatureTasks {

    private static final Logger log = LoggerFactory.getLogger(FeatureTasks.class);

    /** What a task did: its row count and details for {@code pipeline_task_runs}. */
    record Outcome(long rows, JsonObject details) {
    }

    private final Pool pool;
    private final FeatureComputer computer;
    private final FeatureLayout layout;
    private final List<FeatureCategory> layoutOrder;
    private final OnlineStore onlineStore;
    private final PipelineOptions options;

    FeatureTasks(Pool pool, FeatureComputer computer, FeatureLayout layout, OnlineStore onlineStore, PipelineOptions options) {
        this.pool = pool;
        this.computer = computer;
        this.layout = layout;
        this.onlineStore = onlineStore;
        this.options = options;
        this.layoutOrder = layoutOrder(computer.catalog().all());
    }

    /** The categories in layout order; the store concatenation relies on each category being contiguous. */
    private static List<FeatureCategory> layoutOrder(List<FeatureDefinition> all) {
        List<FeatureCategory> order = new ArrayList<>();
        for (FeatureDefinition definition : all) {
            if (order.isEmpty() || order.get(order.size() - 1) != definition.category()) {
                if (order.contains(definition.category())) {
                    throw new IllegalStateException("catalog categories are not contiguous: " + definition.name());
                }
                order.add(definition.category());
            }
        }
        return List.copyOf(order);
    }

    List<FeatureCategory> categories() {
        return layoutOrder;
    }

    Future<Outcome> extract(RunContext context) {
        OffsetDateTime asOf = context.asOfInstant().atOffset(ZoneOffset.UTC);
        context.forgetUsers();
        return pool.preparedQuery(PipelineQueries.CLEAR_RUN_USERS).execute(Tuple.of(context.runId()))
                .compose(cleared -> pool.preparedQuery(PipelineQueries.EXTRACT_USERS).execute(Tuple.of(context.runId(), asOf)))
                .compose(inserted -> pool.preparedQuery(PipelineQueries.RAW_COUNTS).execute(Tuple.of(asOf)).map(rows -> {
                    Row row = rows.iterator().next();
                    JsonObject details = new JsonObject().put("active_users", inserted.rowCount());
                    for (int i = 0; i < row.size(); i++) {
                        details.put(row.getColumnName(i), row.getLong(i));
                    }
                    return new Outcome(inserted.rowCount(), details);
                }))
                .compose(outcome -> pool.preparedQuery(PipelineQueries.SET_USERS)
                        .execute(Tuple.of(context.runId(), (int) outcome.rows())).map(outcome));
    }

    private Future<List<String>> users(RunContext context) {
        return context.users(() -> pool.preparedQuery(PipelineQueries.RUN_USERS)
                .execute(Tuple.of(context.runId(), 1, Integer.MAX_VALUE)).map(rows -> {
                    List<String> ids = new ArrayList<>(rows.size());
                    rows.forEach(row -> ids.add(row.getString("user_id")));
                    return ids;
                }));
    }

    /** One category for every user, batch after batch, staged and profiled; a retry starts the category over. */
    Future<Outcome> compute(RunContext context, FeatureCategory category) {
        List<FeatureDefinition> definitions = computer.catalog().inCategory(category);
        List<FeatureProfile> profiles = definitions.stream().map(definition -> new FeatureProfile(definition, context.runId())).toList();
        return pool.preparedQuery(PipelineQueries.CLEAR_STAGING_CATEGORY).execute(Tuple.of(context.runId(), category.name()))
                .compose(cleared -> users(context))
                .compose(users -> {
                    // Several batch streams per category: when the light categories are done, the heavy one
                    // (PROPERTY) still keeps every core busy instead of one.
                    List<Future<Long>> streams = new ArrayList<>();
                    int step = options.batchUsers() * options.computeStreams();
                    for (int stream = 0; stream < options.computeStreams(); stream++) {
                        Future<Long> chain = Future.succeededFuture(0L);
                        for (int from = stream * options.batchUsers(); from < users.size(); from += step) {
                            int start = from;
                            List<String> batch = users.subList(from, Math.min(users.size(), from + options.batchUsers()));
                            chain = chain.compose(done -> computeBatch(context, category, definitions, profiles, batch, start).map(n -> done + n));
                        }
                        streams.add(chain);
                    }
                    return Future.all(streams).map(all -> streams.stream().mapToLong(Future::result).sum());
                })
                .map(rows -> {
                    context.profiles().put(category, profiles);
                    JsonArray json = new JsonArray(profiles.stream().map(FeatureProfile::toJson).toList());
                    long invalid = profiles.stream().mapToLong(FeatureProfile::invalid).sum();
                    return new Outcome(rows, new JsonObject().put("features", definitions.size()).put("invalid_values", invalid)
                            .put("profile", json));
                });
    }

    private Future<Long> computeBatch(RunContext context, FeatureCategory category, List<FeatureDefinition> definitions,
                                      List<FeatureProfile> profiles, List<String> batch, int firstIndex) {
        context.checkNotStopped();
        return computer.computeVectors(definitions, batch, context.asOfInstant()).compose(vectors -> {
            List<Tuple> staged = new ArrayList<>(vectors.size());
            // Streams of one category may complete on different event loops outside a verticle (CLI, bench).
            synchronized (profiles) {
                for (int i = 0; i < batch.size(); i++) {
                    String userId = batch.get(i);
                    double[] values = vectors.get(userId);
                    if (values == null) {
                        continue; // deleted since extract: it simply has no vector this run
                    }
                    Double[] boxed = new Double[values.length];
                    for (int f = 0; f < values.length; f++) {
                        profiles.get(f).accept(userId, values[f]);
                        boxed[f] = Double.isNaN(values[f]) ? null : values[f];
                    }
                    staged.add(Tuple.of(context.runId(), category.name(), firstIndex + i + 1, userId, boxed));
                }
            }
            if (staged.isEmpty()) {
                return Future.succeededFuture(0L);
            }
            return pool.preparedQuery(PipelineQueries.STAGE).executeBatch(staged).map(done -> (long) staged.size());
        });
    }

    /** Restores a category's profile from its SUCCEEDED task (a resumed run does not recompute it). */
    void restoreProfile(RunContext context, FeatureCategory category, JsonObject details) {
        List<FeatureDefinition> definitions = computer.catalog().inCategory(category);
        JsonArray json = details.getJsonArray("profile");
        List<FeatureProfile> profiles = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            profiles.add(FeatureProfile.fromJson(definitions.get(i), json.getJsonObject(i)));
        }
        context.profiles().put(category, profiles);
    }

    /** All profiles in layout order. */
    List<FeatureProfile> profiles(RunContext context) {
        List<FeatureProfile> all = new ArrayList<>();
        layoutOrder.forEach(category -> all.addAll(context.profiles().getOrDefault(category, List.of())));
        return all;
    }

    /** Writes the staged vectors, batch by batch, and refreshes the online store when this is the newest run. */
    Future<Outcome> store(RunContext context) {
        String sql = PipelineQueries.store(layoutOrder);
        return users(context).compose(users -> newest(context).compose(refresh -> {
            Future<Long> chain = Future.succeededFuture(0L);
            for (int from = 1; from <= users.size(); from += options.batchUsers()) {
                int start = from;
                int end = Math.min(users.size(), from + options.batchUsers() - 1);
                chain = chain.compose(done -> {
                    context.checkNotStopped();
                    return pool.preparedQuery(sql).execute(Tuple.of(context.runId(), context.asOfInstant().atOffset(ZoneOffset.UTC),
                            layout.id(), start, end)).compose(rows -> {
                                if (!refresh) {
                                    return Future.succeededFuture(done + rows.rowCount());
                                }
                                Map<String, StoredVector> vectors = new HashMap<>();
                                rows.forEach(row -> vectors.put(row.getString(0), new StoredVector(context.asOfInstant(), layout.hash(),
                                        layout.id(), doubles(row.getArrayOfDoubles(1)), row.getString(2))));
                                return onlineStore.putAll(vectors).map(ignored -> done + rows.rowCount());
                            });
                });
            }
            return chain.compose(written -> pool.preparedQuery(PipelineQueries.SET_ROWS_WRITTEN).execute(Tuple.of(context.runId(), written))
                    .compose(set -> pool.preparedQuery(PipelineQueries.CLEAR_STAGING).execute(Tuple.of(context.runId())))
                    .map(cleared -> new Outcome(written, new JsonObject().put("vectors_written", written)
                            .put("values_written", written * layout.names().size()).put("layout_id", layout.id())
                            .put("online_store_refreshed", refresh))));
        }));
    }

    /** Only the newest as-of date goes online: a backfill of last month must not replace today's vectors. */
    private Future<Boolean> newest(RunContext context) {
        if (onlineStore == null || !options.refreshOnline()) {
            return Future.succeededFuture(false);
        }
        return pool.preparedQuery(PipelineQueries.NEWER_SUCCESS).execute(Tuple.of(context.asOf())).map(rows -> rows.size() == 0);
    }

    private static double[] doubles(Double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? Double.NaN : values[i];
        }
        return out;
    }

    /** Verifies that a resumed run's staged rows survived (unlogged tables are emptied by a database crash). */
    Future<Boolean> stagingComplete(RunContext context) {
        return pool.preparedQuery(PipelineQueries.RUN_USER_COUNT).execute(Tuple.of(context.runId()))
                .compose(users -> pool.preparedQuery(PipelineQueries.STAGING_COUNT).execute(Tuple.of(context.runId()))
                        .map(staged -> {
                            long expected = users.iterator().next().getLong(0) * layoutOrder.size();
                            long actual = staged.iterator().next().getLong(0);
                            log.info("Run {}: {} of {} staged rows present for resume", context.runId(), actual, expected);
                            return expected > 0 && actual == expected;
                        }));
    }
}
