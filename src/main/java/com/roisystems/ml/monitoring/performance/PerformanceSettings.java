package com.roisystems.ml.monitoring.performance;

import io.vertx.core.json.JsonObject;

/**
 * The {@code monitoring.performance} configuration section: whether windows' performance is computed, how far back a
 * window is still recomputed (longer than the longest label horizon, 180 days, so every window settles), how many
 * windows one run recomputes, and the number of equal-width calibration bins.
 *
 * <p>{@code PerformanceSettings.of(config())}
 */
public record PerformanceSettings(boolean enabled, int lookbackDays, int maxWindowsPerRun, int calibrationBins) {

    public PerformanceSettings {
        if (lookbackDays < 1 || lookbackDays > 3_650) {
            throw new IllegalArgumentException("monitoring.performance.lookbackDays must be 1..3650, got " + lookbackDays);
        }
        if (maxWindowsPerRun < 1 || maxWindowsPerRun > 10_000) {
            throw new IllegalArgumentException("monitoring.performance.maxWindowsPerRun must be 1..10000, got " + maxWindowsPerRun);
        }
        if (calibrationBins < 2 || calibrationBins > 100) {
            throw new IllegalArgumentException("monitoring.performance.calibrationBins must be 2..100, got " + calibrationBins);
        }
    }

    /** Reads {@code monitoring.performance} of the whole configuration; absent keys take their defaults. */
    public static PerformanceSettings of(JsonObject config) {
        JsonObject section = config.getJsonObject("monitoring", new JsonObject()).getJsonObject("performance", new JsonObject());
        return new PerformanceSettings(section.getBoolean("enabled", true), integer(section, "lookbackDays", 200),
                integer(section, "maxWindowsPerRun", 20), integer(section, "calibrationBins", 10));
    }

    private static int integer(JsonObject section, String key, int fallback) {
        Object value = section.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new IllegalArgumentException("monitoring.performance." + key + " must be a whole number, got " + value);
        }
        return number.intValue();
    }
}
