package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.pipeline.PipelineContract.BaselineAccepted;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;

/**
 * Which distribution the {@code distribution_shift} gate compares a run with, and an admin's acceptance of a
 * run's distribution as that baseline ({@code pipeline_baselines}). The latest accepted distribution wins; without
 * one, the latest successful run at or before the run's as-of date that profiled at least
 * {@code pipeline.gates.minBaselineUsers} users. A run over an empty or tiny population (the run {@code serve} makes
 * before a deployment's data arrives) is never a baseline and is never compared: deciles of a handful of users are
 * noise, and comparing real data with an empty run failed every first real run.
 *
 * <p>{@code baselines.choose(runId).map(baseline -> QualityGates.evaluate(profiles, baseline, options))}
 */
final class PipelineBaselines {

    private final Pool pool;
    private final int minUsers;

    PipelineBaselines(Pool pool, PipelineOptions options) {
        this.pool = pool;
        this.minUsers = options.minBaselineUsers();
    }

    /**
     * The distribution a run is compared with, or none with the reason.
     *
     * @param profile     {@code {feature: {"edges", "p"}}}, null when the gate is skipped
     * @param description where it comes from ({@code run_id}, {@code source}, who accepted it) or why there is none
     *                    ({@code reason})
     */
    record Baseline(JsonObject profile, JsonObject description) {

        static Baseline skipped(String reason) {
            return new Baseline(null, new JsonObject().put("reason", reason));
        }

        boolean compared() {
            return profile != null;
        }
    }

    Future<Baseline> choose(long runId) {
        return pool.preparedQuery(PipelineQueries.BASELINE_PROFILE).execute(Tuple.of(runId, minUsers)).map(rows -> {
            Row row = rows.iterator().next();
            Integer runUsers = row.getInteger("run_users");
            if (runUsers != null && runUsers < minUsers) {
                return Baseline.skipped("this run profiled " + runUsers + " user(s), fewer than pipeline.gates.minBaselineUsers ("
                        + minUsers + "): too few to compare distributions");
            }
            if (row.getLong("run_id") == null) {
                return Baseline.skipped("no baseline: no accepted distribution and no earlier successful run with at least "
                        + minUsers + " users (pipeline.gates.minBaselineUsers)");
            }
            JsonObject description = new JsonObject().put("run_id", row.getLong("run_id")).put("source", row.getString("source"))
                    .put("as_of", row.getLocalDate("as_of").toString()).put("users", row.getInteger("users"));
            OffsetDateTime acceptedAt = row.getOffsetDateTime("accepted_at");
            if (acceptedAt != null) {
                description.put("accepted_by", row.getString("accepted_by")).put("accepted_at", acceptedAt.toInstant().toString());
            }
            return new Baseline((JsonObject) row.getValue("profile"), description);
        });
    }

    /**
     * Records {@code run}'s distribution as the baseline of later runs. 404 unknown run; 409 a run that has not
     * succeeded, has no profile, or profiled fewer than {@code minBaselineUsers} users (the reason says which).
     */
    Future<BaselineAccepted> accept(RunRecord run, String acceptedBy) {
        return pool.preparedQuery(PipelineQueries.ACCEPT_BASELINE).execute(Tuple.of(run.runId(), acceptedBy, minUsers))
                .compose(rows -> {
                    if (rows.size() == 1) {
                        Row row = rows.iterator().next();
                        return Future.succeededFuture(new BaselineAccepted(row.getLong("run_id"), row.getString("accepted_by"),
                                row.getOffsetDateTime("accepted_at").toInstant()));
                    }
                    return Future.failedFuture(refusal(run));
                });
    }

    private ServiceFailure refusal(RunRecord run) {
        String subject = "run_id: run " + run.runId() + " ";
        if (run.status() != RunStatus.SUCCEEDED) {
            return ServiceFailure.conflict(subject + "is " + run.status() + "; only a SUCCEEDED run's distribution can be accepted as the baseline");
        }
        if (run.users() == null || run.users() < minUsers) {
            return ServiceFailure.conflict(subject + "profiled " + run.users() + " user(s), fewer than pipeline.gates.minBaselineUsers ("
                    + minUsers + "): too few to be a baseline");
        }
        return ServiceFailure.conflict(subject + "has no recorded distribution (its validate_features task did not run)");
    }
}
