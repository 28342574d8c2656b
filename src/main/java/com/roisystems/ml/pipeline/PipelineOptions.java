package com.roisystems.ml.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code pipeline} configuration section, validated once. Defaults follow the original DAG:
 * daily at 02:00 UTC, 3 retries 5 minutes apart, a 2-hour run timeout.
 *
 * <p>{@code PipelineOptions options = PipelineOptions.fromJson(config.getJsonObject("pipeline", new JsonObject()));}
 *
 * @param schedule        cron expression (UNIX, 5 fields, UTC)
 * @param catchUp         run missed schedule dates on start, oldest first
 * @param catchUpMaxRuns  at most this many missed dates (the newest ones) are caught up
 * @param retries         attempts per task after the first
 * @param retryDelayMs    delay between attempts
 * @param runTimeoutMs    a run still going after this fails
 * @param batchUsers      users per compute/store statement
 * @param computeStreams  concurrent batch streams per category
 * @param maxBackfillDays longest backfill range accepted
 * @param maxNullRate     null-rate gate for NULLABLE features (REQUIRED/DEFAULT ones allow none)
 * @param nullRateOverrides per-feature null-rate thresholds
 * @param maxInvalidRate  share of out-of-range values tolerated per feature (0: none)
 * @param maxPsi          distribution-shift gate against the baseline ({@link PipelineBaselines})
 * @param minBaselineUsers a run that profiled fewer users never becomes the shift gate's baseline, nor is compared
 * @param psiExclude      glob patterns of features left out of the shift gate: clocks ("days since") move every day by design
 * @param refreshOnline   push stored vectors to the online store when the run is the newest
 * @param alertWebhookUrl optional URL alerts are POSTed to
 */
public record PipelineOptions(String schedule, boolean catchUp, int catchUpMaxRuns, int retries, long retryDelayMs,
                              long runTimeoutMs, int batchUsers, int computeStreams, int maxBackfillDays, double maxNullRate,
                              Map<String, Double> nullRateOverrides, double maxInvalidRate, double maxPsi,
                              int minBaselineUsers, List<String> psiExclude, boolean refreshOnline, String alertWebhookUrl) {

    public PipelineOptions {
        if (retries < 0 || retryDelayMs < 0 || runTimeoutMs <= 0 || batchUsers <= 0 || computeStreams <= 0 || maxBackfillDays <= 0 || catchUpMaxRuns < 0
                || minBaselineUsers < 0) {
            throw new IllegalArgumentException("pipeline: retries, retryDelayMs, catchUpMaxRuns, gates.minBaselineUsers must be >= 0 and runTimeoutMs, batchUsers, maxBackfillDays > 0");
        }
        nullRateOverrides = Map.copyOf(nullRateOverrides);
        psiExclude = List.copyOf(psiExclude);
    }

    /**
     * Left out of the shift gate by default: clock readings (days since, tenure, age) move every day by
     * design, and regional market figures and seasons take ~20 distinct values that step when a month's
     * market data is published, which PSI would flag every month.
     */
    public static final List<String> DEFAULT_PSI_EXCLUDE = List.of("*days_since*", "*tenure_days", "*_age_days", "years_owned",
            "market_*", "region_*", "is_*_season", "rate_spread_pct");

    public static PipelineOptions defaults() {
        return fromJson(new JsonObject());
    }

    public static PipelineOptions fromJson(JsonObject json) {
        JsonObject gates = json.getJsonObject("gates", new JsonObject());
        Map<String, Double> overrides = new HashMap<>();
        gates.getJsonObject("nullRateOverrides", new JsonObject())
                .forEach(entry -> overrides.put(entry.getKey(), ((Number) entry.getValue()).doubleValue()));
        String webhook = json.getString("alertWebhookUrl", "");
        return new PipelineOptions(json.getString("schedule", "0 2 * * *"), json.getBoolean("catchUp", true),
                json.getInteger("catchUpMaxRuns", 7), json.getInteger("retries", 3), json.getLong("retryDelayMs", 300_000L),
                json.getLong("runTimeoutMs", 7_200_000L), json.getInteger("batchUsers", 2_000), json.getInteger("computeStreams", 2),
                json.getInteger("maxBackfillDays", 31),
                gates.getDouble("maxNullRate", 1.0), overrides, gates.getDouble("maxInvalidRate", 0.0),
                gates.getDouble("maxPsi", 0.25), gates.getInteger("minBaselineUsers", 100),
                gates.getJsonArray("psiExclude", new JsonArray(DEFAULT_PSI_EXCLUDE)).stream().map(Object::toString).toList(),
                json.getBoolean("refreshOnline", true), webhook.isBlank() ? null : webhook);
    }

    public PipelineOptions withRetries(int count, long delayMs) {
        return new PipelineOptions(schedule, catchUp, catchUpMaxRuns, count, delayMs, runTimeoutMs, batchUsers, computeStreams, maxBackfillDays,
                maxNullRate, nullRateOverrides, maxInvalidRate, maxPsi, minBaselineUsers, psiExclude, refreshOnline, alertWebhookUrl);
    }

    public PipelineOptions withRunTimeoutMs(long value) {
        return new PipelineOptions(schedule, catchUp, catchUpMaxRuns, retries, retryDelayMs, value, batchUsers, computeStreams, maxBackfillDays,
                maxNullRate, nullRateOverrides, maxInvalidRate, maxPsi, minBaselineUsers, psiExclude, refreshOnline, alertWebhookUrl);
    }

    /** Whether {@code feature} is left out of the distribution-shift gate. */
    public boolean psiExcluded(String feature) {
        return psiExclude.stream().anyMatch(glob -> feature.matches(glob.replace("*", "[a-z0-9_]*")));
    }

    /** The null-rate threshold of a NULLABLE feature. */
    public double nullRateThreshold(String feature) {
        return nullRateOverrides.getOrDefault(feature, maxNullRate);
    }
}
