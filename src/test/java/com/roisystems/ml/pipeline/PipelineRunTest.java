package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import com.roisystems.ml.features.OnlineStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static com.roisystems.ml.pipeline.PipelineFixture.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("A pipeline run on a simulated platform")
class PipelineRunTest {

    private static TestServers servers;
    private static long users;
    /** Small batches, so a run takes several batches per stream and category. */
    private static final PipelineOptions FAST = PipelineOptions.fromJson(new JsonObject().put("batchUsers", 40)).withRetries(3, 50);

    @BeforeAll
    static void setUp(TestServers testServers) throws Exception {
        servers = testServers;
        PipelineFixture.simulate(servers.database());
        users = servers.jdbc().count("SELECT count(*) FROM users WHERE created_at < '" + AS_OF + "'");
    }

    private static Future<PipelineRunner> runner(Vertx vertx, PipelineOptions options, PipelineListener listener) {
        Pool pool = PgPools.shared(vertx, servers.config().json());
        return PipelineRunner.create(vertx, pool, null, options, PipelineMetrics.create(), listener);
    }

    @Test
    @DisplayName("stores one vector of every feature per active user, refreshes the online store, records statistics and metrics")
    void storesVectorsAndStatistics(Vertx vertx, VertxTestContext context) {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(servers.redis().url()));
        OnlineStore online = new OnlineStore(redis, 0, 0, 3_600);
        PipelineMetrics metrics = PipelineMetrics.create();
        Future<RunRecord> finished = PipelineRunner.create(vertx, PgPools.shared(vertx, servers.config().json()), online, FAST, metrics, PipelineListener.NONE)
                .compose(runner -> runner.run(AS_OF, "test"))
                .compose(run -> online.getFromRedis("user_1").map(stored -> {
                    context.verify(() -> {
                        assertThat(stored).isNotNull();
                        assertThat(stored.asOf()).isEqualTo(AS_OF.atStartOfDay(ZoneOffset.UTC).toInstant());
                        assertThat(stored.values()).hasSize(111);
                        assertThat(metrics.lastSuccessSeconds()).isPositive();
                        assertThat(metrics.registry().get("roi_pipeline_task_duration").tag("task", "store_features").timer().count()).isEqualTo(1);
                    });
                    return run;
                }));
        finished.compose(run -> servers.jdbc().onWorker(vertx, database -> new long[]{
                        database.count("SELECT count(*) FROM ml_feature_values WHERE as_of = '"
                                + AS_OF + "T00:00:00Z' AND run_id = " + run.runId() + " AND cardinality(\"values\") = 111"),
                        database.count("SELECT count(*) FROM ml_features WHERE NOT deprecated"
                                + " AND stats_updated_at IS NOT NULL AND stat_null_rate IS NOT NULL"),
                        database.count("SELECT count(*) FROM ml_features WHERE name = 'sqft'"
                                + " AND stat_min >= 1 AND stat_mean > stat_min AND stat_stddev > 0"),
                        // Failed runs keep their scratch rows for a resume (honoursTimeout leaves some): succeeded ones must not.
                        database.count("SELECT count(*) FROM pipeline_staging WHERE run_id = " + run.runId()
                                + " OR run_id IN (SELECT run_id FROM pipeline_runs WHERE status = 'SUCCEEDED')")}))
                .onComplete(context.succeeding(counts -> context.verify(() -> {
                    RunRecord run = finished.result();
                    assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(run.users()).isEqualTo((int) users);
                    assertThat(run.rowsWritten()).isEqualTo(users);
                    assertThat(run.tasks()).hasSize(PipelineTask.values().length)
                            .allSatisfy(task -> assertThat(task.status()).isEqualTo("SUCCEEDED"));
                    assertThat(counts[0]).as("vectors of 111 features from this run").isEqualTo(users);
                    assertThat(counts[1]).as("features with statistics").isEqualTo(111);
                    assertThat(counts[2]).as("sqft statistics").isEqualTo(1);
                    assertThat(counts[3]).as("staging rows left by this or any succeeded run").isZero();
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("re-running a date replaces its vectors instead of duplicating them, and compares with the previous run")
    void rerunIsIdempotent(Vertx vertx, VertxTestContext context) {
        // The date's first run is this test's own: a re-run needs a run before it, whatever ran earlier.
        Future<RunRecord> first = runner(vertx, FAST, PipelineListener.NONE)
                .compose(runner -> runner.run(AS_OF, "test"));
        Future<RunRecord> rerun = first.compose(firstRun -> runner(vertx, FAST, PipelineListener.NONE))
                .compose(runner -> runner.run(AS_OF, "test"));
        rerun.compose(run -> servers.jdbc().onWorker(vertx, database -> database.count("SELECT count(*) FROM ml_feature_values WHERE as_of = '"
                        + AS_OF + "T00:00:00Z'")))
                .onComplete(context.succeeding(stored -> context.verify(() -> {
                    assertThat(first.result().status()).as(first.result().error()).isEqualTo(RunStatus.SUCCEEDED);
                    RunRecord run = rerun.result();
                    assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
                    JsonObject shift = run.gates().getJsonObject(2);
                    assertThat(shift.getString("gate")).isEqualTo(QualityGates.DISTRIBUTION_SHIFT);
                    assertThat(shift.getBoolean("baseline")).isTrue();
                    assertThat(shift.getInteger("checked_features")).isGreaterThan(50);
                    assertThat(stored).isEqualTo(users);
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("retries a task that fails transiently and still succeeds")
    void retriesTransientFailures(Vertx vertx, VertxTestContext context) {
        AtomicInteger attempts = new AtomicInteger();
        PipelineListener flaky = (runId, task, attempt) -> {
            if (task == PipelineTask.COMPUTE_MARKET) {
                attempts.incrementAndGet();
                if (attempt <= 2) {
                    return Future.failedFuture("injected: connection reset");
                }
            }
            return Future.succeededFuture();
        };
        runner(vertx, FAST, flaky)
                .compose(runner -> runner.run(AS_OF.minusDays(1), "test"))
                .onComplete(context.succeeding(run -> context.verify(() -> {
                    assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(attempts.get()).isEqualTo(3);
                    assertThat(run.tasks()).filteredOn(task -> task.task().equals("compute_market"))
                            .singleElement().satisfies(task -> assertThat(task.attempts()).isEqualTo(3));
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("fails the run after the last retry, with the reason, and raises an alert")
    void failsAfterRetries(Vertx vertx, VertxTestContext context) {
        Promise<JsonObject> alert = Promise.promise();
        Bus.subscribe(vertx, PipelineAlert.TOPIC, published -> alert.tryComplete(published.toJson()));
        PipelineListener broken = (runId, task, attempt) -> task == PipelineTask.EXTRACT_RAW_DATA
                ? Future.failedFuture("injected: source database unreachable") : Future.succeededFuture();
        runner(vertx, PipelineOptions.defaults().withRetries(1, 10), broken)
                .compose(runner -> runner.run(AS_OF.minusDays(2), "test"))
                .compose(run -> alert.future().map(json -> {
                    context.verify(() -> {
                        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                        assertThat(run.error()).contains("source database unreachable");
                        assertThat(run.tasks()).singleElement().satisfies(task -> assertThat(task.attempts()).isEqualTo(2));
                        assertThat(PipelineAlert.fromJson(json).runId()).isEqualTo(run.runId());
                    });
                    return run;
                }))
                .onComplete(context.succeedingThenComplete());
    }

    @Test
    @DisplayName("honours the run timeout: the run fails as soon as it expires and writes nothing")
    void honoursTimeout(Vertx vertx, VertxTestContext context) {
        LocalDate asOf = AS_OF.minusDays(3);
        PipelineListener slow = (runId, task, attempt) -> task == PipelineTask.VALIDATE_FEATURES
                ? vertx.timer(4_000).mapEmpty() : Future.succeededFuture();
        long started = System.nanoTime();
        Future<RunRecord> timedOut = runner(vertx, FAST.withRunTimeoutMs(1_500), slow)
                .compose(runner -> runner.run(asOf, "test"));
        timedOut.compose(run -> servers.jdbc().onWorker(vertx, database -> database.count("SELECT count(*) FROM ml_feature_values WHERE as_of = '"
                        + asOf + "T00:00:00Z'")))
                .onComplete(context.succeeding(stored -> context.verify(() -> {
                    RunRecord run = timedOut.result();
                    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(run.error()).contains("timed out");
                    assertThat(stored).isZero();
                    context.completeNow();
                })));
    }
}
