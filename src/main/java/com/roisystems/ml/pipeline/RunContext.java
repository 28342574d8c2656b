package com.roisystems.ml.pipeline;

import com.roisystems.ml.features.FeatureCategory;
import io.vertx.core.Future;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the tasks of one run share: its id and as-of date, the run's user ids (loaded once from
 * {@code pipeline_run_users}), the compute tasks' profiles, and the stop signal (cancel or timeout)
 * that every task checks between batches.
 *
 * <p>{@code context.checkNotStopped(); context.asOfInstant();}
 */
final class RunContext {

    private final long runId;
    private final LocalDate asOf;
    private final Map<FeatureCategory, List<FeatureProfile>> profiles = new ConcurrentHashMap<>();
    private volatile String stopReason;
    private volatile Future<List<String>> users;

    RunContext(long runId, LocalDate asOf) {
        this.runId = runId;
        this.asOf = asOf;
    }

    long runId() {
        return runId;
    }

    LocalDate asOf() {
        return asOf;
    }

    /** Features as of a date are computed as of its first instant (UTC): the data of the days before it. */
    Instant asOfInstant() {
        return asOf.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Map<FeatureCategory, List<FeatureProfile>> profiles() {
        return profiles;
    }

    Future<List<String>> users(Supplier<Future<List<String>>> loader) {
        Future<List<String>> loaded = users;
        if (loaded == null || loaded.failed()) {
            loaded = loader.get();
            users = loaded;
        }
        return loaded;
    }

    void forgetUsers() {
        users = null;
    }

    void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    String stopReason() {
        return stopReason;
    }

    /** Fails (not retried) once the run was cancelled or timed out. */
    void checkNotStopped() {
        if (stopReason != null) {
            throw new RunStopped(stopReason);
        }
    }

    /** The run was told to stop; tasks end at their next batch and are not retried. */
    static final class RunStopped extends RuntimeException {
        RunStopped(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A quality gate failed: retrying cannot help, the data must be fixed. */
    static final class GateFailed extends RuntimeException {
        GateFailed(String reason) {
            super(reason, null, false, false);
        }
    }
}
