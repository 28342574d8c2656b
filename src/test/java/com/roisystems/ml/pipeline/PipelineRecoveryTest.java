package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.util.List;

import static com.roisystems.ml.pipeline.PipelineFixture.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Pipeline runs across instances, crashes and corrupt data")
class PipelineRecoveryTest {

    private static TestServers servers;
    private static final PipelineOptions FAST = PipelineOptions.defaults().withRetries(1, 20);
    /** The check that corruptRowsFailTheGate drops to write impossible values, as PostgreSQL prints it. */
    private static String sqftCheck;

    @BeforeAll
    static void setUp(TestServers testServers) throws Exception {
        servers = testServers;
        PipelineFixture.simulate(servers.database());
        // What the tests that damage source data put back afterwards, so no test sees another's damage.
        servers.jdbc().execute("CREATE TABLE properties_as_simulated AS SELECT property_id, sqft, mortgage_rate FROM properties");
        sqftCheck = servers.jdbc().queryForObject("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = 'properties'::regclass AND conname = 'properties_sqft_check'", String.class);
    }

    @AfterEach
    void restoreSourceData() throws Exception {
        servers.jdbc().execute("UPDATE properties p SET sqft = s.sqft, mortgage_rate = s.mortgage_rate FROM properties_as_simulated s"
                + " WHERE p.property_id = s.property_id AND (p.sqft IS DISTINCT FROM s.sqft OR p.mortgage_rate IS DISTINCT FROM s.mortgage_rate)");
        if (servers.jdbc().count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'properties'::regclass"
                + " AND conname = 'properties_sqft_check'") == 0) {
            servers.jdbc().execute("ALTER TABLE properties ADD CONSTRAINT properties_sqft_check " + sqftCheck);
        }
    }

    /** Holds a run at its validation task: {@code computing} gets the run id, the run goes on when {@code release} completes. */
    private static PipelineListener pausedAtValidation(Promise<Long> computing, Promise<Void> release) {
        return (runId, task, attempt) -> {
            if (task == PipelineTask.VALIDATE_FEATURES) {
                computing.tryComplete(runId);
                return release.future();
            }
            return Future.succeededFuture();
        };
    }

    private static Future<PipelineRunner> runner(Vertx vertx, PipelineListener listener) {
        return PipelineRunner.create(vertx, PgPools.shared(vertx, servers.config().json()), null, FAST, PipelineMetrics.create(), listener);
    }

    @Test
    @DisplayName("a second instance can neither create nor execute a run another instance is running")
    void oneInstancePerRun(Vertx vertx, VertxTestContext context) {
        Vertx other = Vertx.vertx();
        Promise<Long> computing = Promise.promise();
        Promise<Void> release = Promise.promise();
        PipelineListener paused = pausedAtValidation(computing, release);
        runner(vertx, paused).compose(first -> {
            Future<RunRecord> running = first.run(AS_OF, "instance-a");
            return computing.future().compose(runId -> runner(other, PipelineListener.NONE).compose(second -> {
                Future<RunRecord> duplicate = second.trigger(AS_OF, "instance-b");
                // Once the duplicate was refused (not at the same time: marked FAILED first, the run would not count as
                // running), mark it resumable behind the first instance's back: only the advisory lock still stands in the way.
                Future<RunRecord> stolen = duplicate.transform(refused -> second.runs().finish(runId, RunStatus.FAILED, "pretend"))
                        .compose(done -> second.resumeAndWait(runId));
                return Future.join(duplicate, stolen).transform(both -> {
                    context.verify(() -> {
                        assertThat(duplicate.cause()).isInstanceOf(ServiceFailure.class).hasMessageContaining("already queued or running");
                        assertThat(((ServiceFailure) duplicate.cause()).failureCode()).isEqualTo(409);
                        assertThat(stolen.cause()).isInstanceOf(ServiceFailure.class).hasMessageContaining("another instance");
                    });
                    release.complete();
                    return running;
                });
            }));
        }).onComplete(context.succeeding(run -> context.verify(() -> {
            assertThat(run.rowsWritten()).isPositive();
            other.close();
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("one run at a time: while a run is running, a run for another date and a backfill are refused (409) naming the active run; afterwards a new run starts")
    void oneRunAtATime(Vertx vertx, VertxTestContext context) {
        Promise<Long> computing = Promise.promise();
        Promise<Void> release = Promise.promise();
        PipelineListener paused = pausedAtValidation(computing, release);
        runner(vertx, paused).compose(runner -> {
            Future<RunRecord> running = runner.run(AS_OF, "first");
            return computing.future().compose(runId -> {
                Future<RunRecord> otherDate = runner.trigger(AS_OF.minusDays(1), "second");
                Future<List<RunRecord>> backfill = otherDate.transform(ignored -> runner.backfill(AS_OF.minusDays(5), AS_OF.minusDays(3), "backfill"));
                return backfill.transform(ignored -> {
                    context.verify(() -> {
                        for (Future<?> refused : List.of(otherDate, backfill)) {
                            assertThat(refused.cause()).isInstanceOf(ServiceFailure.class).hasMessageContaining("run " + runId)
                                    .hasMessageContaining("one at a time");
                            assertThat(((ServiceFailure) refused.cause()).failureCode()).isEqualTo(409);
                        }
                    });
                    release.complete();
                    return running;
                }).compose(first -> runner.run(AS_OF.minusDays(1), "after"));
            });
        }).onComplete(context.succeeding(after -> context.verify(() -> {
            assertThat(after.status()).isEqualTo(RunStatus.SUCCEEDED);
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("a crash mid-run leaves the run INTERRUPTED at the next start-up, and resuming skips what succeeded")
    void crashAndResume(Vertx vertx, VertxTestContext context) {
        LocalDate asOf = AS_OF.minusDays(7);
        Vertx doomed = Vertx.vertx();
        Promise<Long> storing = Promise.promise();
        PipelineListener crashAtStore = (runId, task, attempt) -> {
            if (task == PipelineTask.STORE_FEATURES) {
                storing.tryComplete(runId);
                return Promise.<Void>promise().future(); // never completes: the process "dies" here
            }
            return Future.succeededFuture();
        };
        runner(doomed, crashAtStore).onSuccess(crashing -> crashing.run(asOf, "doomed"));
        storing.future()
                .compose(runId -> doomed.close().map(runId)) // the crash: connections and the advisory lock go away
                .compose(runId -> runner(vertx, PipelineListener.NONE).compose(restarted -> restarted.recoverInterrupted()
                        .compose(interrupted -> {
                            context.verify(() -> assertThat(interrupted).containsExactly(runId));
                            return restarted.status(runId);
                        })
                        .compose(run -> {
                            context.verify(() -> assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED));
                            return restarted.resumeAndWait(runId);
                        })))
                .onComplete(context.succeeding(run -> context.verify(() -> {
                    assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(run.rowsWritten()).isPositive();
                    List<RunRecord.TaskRecord> tasks = run.tasks();
                    assertThat(tasks).filteredOn(task -> task.task().startsWith("compute_"))
                            .hasSize(5).allSatisfy(task -> assertThat(task.attempts()).isEqualTo(1));
                    assertThat(tasks).filteredOn(task -> task.task().equals("store_features"))
                            .singleElement().satisfies(task -> assertThat(task.status()).isEqualTo("SUCCEEDED"));
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("impossible source values fail the range gate with counts and examples, and nothing is stored")
    void corruptRowsFailTheGate(Vertx vertx, VertxTestContext context) throws Exception {
        LocalDate asOf = AS_OF.minusDays(14);
        servers.jdbc().execute("ALTER TABLE properties DROP CONSTRAINT properties_sqft_check");
        servers.jdbc().execute("UPDATE properties SET sqft = -5 WHERE property_id IN"
                + " (SELECT property_id FROM properties ORDER BY property_id LIMIT 3)");
        Future<RunRecord> gated = runner(vertx, PipelineListener.NONE)
                .compose(runner -> runner.run(asOf, "test"));
        gated.compose(run -> servers.jdbc().onWorker(vertx, database -> database.count("SELECT count(*) FROM ml_feature_values WHERE as_of = '"
                        + asOf + "T00:00:00Z'")))
                .onComplete(context.succeeding(stored -> context.verify(() -> {
                    RunRecord run = gated.result();
                    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(run.error()).startsWith("quality gate failed").contains("valid_range").contains("sqft");
                    JsonObject range = run.gates().getJsonObject(1);
                    assertThat(range.getBoolean("passed")).isFalse();
                    JsonObject sqft = range.getJsonArray("failures").stream().map(JsonObject.class::cast)
                            .filter(failure -> failure.getString("feature").equals("sqft")).findFirst().orElseThrow();
                    assertThat(sqft.getLong("invalid")).isBetween(1L, 3L);
                    assertThat(sqft.getJsonArray("examples").getString(0)).contains("=-5.0");
                    assertThat(run.tasks()).filteredOn(task -> task.task().equals("store_features")).isEmpty();
                    assertThat(run.tasks()).filteredOn(task -> task.task().equals("validate_features"))
                            .singleElement().satisfies(task -> assertThat(task.attempts()).isEqualTo(1));
                    assertThat(stored).isZero();
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("a null rate above its threshold fails the null-rate gate")
    void nullRateGate(Vertx vertx, VertxTestContext context) throws Exception {
        servers.jdbc().execute("UPDATE properties SET mortgage_rate = NULL");
        PipelineOptions strict = PipelineOptions.fromJson(new JsonObject().put("retries", 0)
                .put("gates", new JsonObject().put("nullRateOverrides", new JsonObject().put("mortgage_rate_pct", 0.5))));
        PipelineRunner.create(vertx, PgPools.shared(vertx, servers.config().json()), null, strict, PipelineMetrics.create(), PipelineListener.NONE)
                .compose(runner -> runner.run(AS_OF.minusDays(21), "test"))
                .onComplete(context.succeeding(run -> context.verify(() -> {
                    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(run.error()).contains("null_rate").contains("mortgage_rate_pct");
                    assertThat(run.gates().getJsonObject(0).getJsonArray("failures").getJsonObject(0).getDouble("null_rate")).isEqualTo(1.0);
                    context.completeNow();
                })));
    }
}
