package com.roisystems.ml.features;

import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.roisystems.ml.features.FeatureFixture.T;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Point-in-time correctness, backfill and validation")
class PointInTimeTest {

    private static Pool pool;
    private static FeatureComputer computer;
    private static TestServers servers;

    @BeforeAll
    static void setUp(Vertx vertx, TestServers testServers, VertxTestContext context) throws Exception {
        servers = testServers;
        FeatureFixture.load(servers.database());
        pool = PgPools.shared(vertx, servers.config().json());
        FeatureComputer.create(pool, FeatureCatalog.standard()).onComplete(context.succeeding(created -> {
            computer = created;
            context.completeNow();
        }));
    }

    @Test
    @DisplayName("adding events of every kind after t never changes any feature as of t")
    void noLeakage(Vertx vertx, VertxTestContext context) throws Exception {
        List<FeatureDefinition> all = FeatureCatalog.standard().all();
        List<Instant> cutoffs = List.of(T, T.minus(Duration.ofDays(30)), Instant.parse("2024-06-20T00:00:00Z"));
        List<Map<String, double[]>> before = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Instant cutoff : cutoffs) {
            chain = chain.compose(ignored -> computer.computeVectors(all, List.of("u1", "u2", "u3"), cutoff)).map(vectors -> {
                before.add(vectors);
                return null;
            });
        }
        // JDBC, so on a worker thread rather than the event loop the chain runs on.
        chain.compose(ignored -> vertx.executeBlocking(() -> {
            FeatureFixture.addEventsAfter(servers.database(), Instant.parse("2024-06-20T00:00:00Z"));
            return null;
        })).compose(ignored -> {
            List<Future<Map<String, double[]>>> after = cutoffs.stream().map(cutoff -> computer.computeVectors(all, List.of("u1", "u2", "u3"), cutoff)).toList();
            return Future.all(after).map(done -> after.stream().map(Future::result).toList());
        }).onComplete(context.succeeding(after -> context.verify(() -> {
            for (int i = 0; i < cutoffs.size(); i++) {
                for (String user : List.of("u1", "u2", "u3")) {
                    double[] was = before.get(i).get(user);
                    double[] now = after.get(i).get(user);
                    for (int f = 0; f < all.size(); f++) {
                        assertThat(Double.valueOf(now[f])).as(all.get(f).name() + " of " + user + " as of " + cutoffs.get(i)).isEqualTo(Double.valueOf(was[f]));
                    }
                }
            }
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("backfill writes one vector per user and step with the registered layout, idempotently, matching online computation")
    void backfill(VertxTestContext context) {
        List<FeatureDefinition> all = FeatureCatalog.standard().all();
        Instant start = T.minus(Duration.ofDays(2));
        List<EngineProgress> progress = new ArrayList<>();
        computer.backfill(all, List.of("u1", "u2", "ghost"), start, T, Duration.ofDays(1), 7L, report -> progress.add(new EngineProgress(report.usersDone())))
                .compose(first -> computer.backfill(all, List.of("u1", "u2"), start, T, Duration.ofDays(1), 8L, report -> { })
                        .map(second -> List.of(first, second)))
                .compose(reports -> pool.query("SELECT count(*) AS n, count(DISTINCT layout_id) AS layouts, max(run_id) AS run,"
                        + " max(cardinality(\"values\")) AS width FROM ml_feature_values").execute()
                        .compose(rows -> pool.query("SELECT \"values\" FROM ml_feature_values WHERE entity_id = 'u1' AND as_of = '" + T + "'").execute()
                                .map(stored -> List.of(reports, rows.iterator().next(), stored.iterator().next()))))
                .compose(results -> computer.compute(all, "u1", T).map(fresh -> List.of(results, fresh)))
                .onComplete(context.succeeding(results -> context.verify(() -> {
                    @SuppressWarnings("unchecked") List<Object> stored = (List<Object>) results.get(0);
                    @SuppressWarnings("unchecked") List<FeatureComputer.BackfillReport> reports = (List<FeatureComputer.BackfillReport>) stored.get(0);
                    io.vertx.sqlclient.Row counts = (io.vertx.sqlclient.Row) stored.get(1);
                    Double[] u1 = ((io.vertx.sqlclient.Row) stored.get(2)).getArrayOfDoubles("values");
                    FeatureVector fresh = (FeatureVector) results.get(1);
                    assertThat(reports.get(0).vectorsWritten()).isEqualTo(6);
                    assertThat(reports.get(0).entityFeaturesPerSecond()).isPositive();
                    assertThat(progress).isNotEmpty();
                    assertThat(counts.getLong("n")).isEqualTo(6);
                    assertThat(counts.getLong("layouts")).isEqualTo(1);
                    assertThat(counts.getLong("run")).isEqualTo(8);
                    assertThat(counts.getInteger("width")).isEqualTo(all.size());
                    double[] expected = fresh.toArray();
                    for (int i = 0; i < all.size(); i++) {
                        double value = u1[i] == null ? Double.NaN : u1[i];
                        assertThat(Double.valueOf(value)).as(all.get(i).name()).isEqualTo(Double.valueOf(expected[i]));
                    }
                    context.completeNow();
                })));
    }

    private record EngineProgress(int usersDone) {
    }

    @Test
    @DisplayName("validation catches out-of-range values, wrong types and null-policy violations")
    void validation() {
        EntityRef user = EntityRef.user("u1");
        FeatureVector vector = new FeatureVector(user, T, FeatureVector.SOURCE_POSTGRES, List.of(
                new FeatureValue("email_open_rate_30d", 1.5, FeatureStatus.PRESENT),
                new FeatureValue("has_agent", 0.5, FeatureStatus.PRESENT),
                new FeatureValue("property_type_code", 1.25, FeatureStatus.PRESENT),
                new FeatureValue("hour_of_day", null, FeatureStatus.NULL),
                new FeatureValue("estimated_value", null, FeatureStatus.NULL),
                new FeatureValue("doc_access_7d", 3.0, FeatureStatus.PRESENT),
                new FeatureValue("no_such_feature", 1.0, FeatureStatus.PRESENT)));
        ValidationResult result = computer.validate(vector);
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(ValidationResult.Error::feature, ValidationResult.Error::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("email_open_rate_30d", ValidationResult.RULE_RANGE),
                org.assertj.core.groups.Tuple.tuple("has_agent", ValidationResult.RULE_TYPE),
                org.assertj.core.groups.Tuple.tuple("property_type_code", ValidationResult.RULE_TYPE),
                org.assertj.core.groups.Tuple.tuple("hour_of_day", ValidationResult.RULE_NULL_POLICY),
                org.assertj.core.groups.Tuple.tuple("no_such_feature", ValidationResult.RULE_UNKNOWN));
        assertThat(computer.validate(new FeatureVector(user, T, FeatureVector.SOURCE_POSTGRES,
                List.of(new FeatureValue("has_agent", 1.0, FeatureStatus.PRESENT)))).valid()).isTrue();
    }

    @Test
    @DisplayName("sync is idempotent, versions a changed definition and deprecates a removed one without deleting")
    void sync(VertxTestContext context) {
        FeatureDefinition equity = FeatureCatalog.standard().get("equity");
        List<FeatureDefinition> changed = new ArrayList<>(FeatureCatalog.standard().all());
        changed.set(changed.indexOf(equity), equity.range(-1, 1));
        changed.removeIf(definition -> definition.name().equals("email_bounces_90d"));
        FeatureRegistry.sync(pool, FeatureCatalog.standard())
                .compose(again -> FeatureRegistry.sync(pool, new FeatureCatalog(changed)))
                .compose(registry -> pool.query("SELECT name, version, deprecated FROM ml_features WHERE name IN ('equity', 'email_bounces_90d')"
                        + " ORDER BY name, version").execute().map(rows -> {
                            List<String> lines = new ArrayList<>();
                            rows.forEach(row -> lines.add(row.getString(0) + "@" + row.getInteger(1) + (row.getBoolean(2) ? " deprecated" : "")));
                            return List.of(registry.version("equity"), lines);
                        }))
                .compose(result -> FeatureRegistry.sync(pool, FeatureCatalog.standard()).map(restored -> List.of(result, restored.version("equity"))))
                .onComplete(context.succeeding(result -> context.verify(() -> {
                    @SuppressWarnings("unchecked") List<Object> first = (List<Object>) result.get(0);
                    assertThat(first.get(0)).isEqualTo(2);
                    assertThat(first.get(1)).isEqualTo(List.of("email_bounces_90d@1 deprecated", "equity@1", "equity@2"));
                    assertThat(result.get(1)).isEqualTo(3);
                    context.completeNow();
                })));
    }
}
