package com.roisystems.ml.monitoring;

import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.monitoring.drift.DriftSettings;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code monitoring} configuration section: the drift decision ({@link DriftSettings}), the serving sketches' k,
 * the window length ({@code windowSeconds}, default an hour; it must divide a day so the windows tile each UTC day and
 * the daily roll-up merges whole windows), how often open windows are merged into PostgreSQL, how often finished
 * windows are closed, and how long after its end a window waits before it is closed (so every instance's last flush is
 * in).
 *
 * <p>{@code MonitoringSettings.of(config())}
 */
public record MonitoringSettings(boolean enabled, DriftSettings drift, int sketchK, long windowSeconds, long flushIntervalMs,
                                 long closeIntervalMs, long closeGraceMs) {

    public static final long DAY_SECONDS = 86_400;

    public static MonitoringSettings of(JsonObject config) {
        JsonObject section = config.getJsonObject("monitoring", new JsonObject());
        int sketchK = section.getInteger("sketchK", 200);
        if (sketchK < 8 || sketchK > 65_535) {
            throw new IllegalArgumentException("monitoring.sketchK must be 8..65535, got " + sketchK);
        }
        long windowSeconds = section.getLong("windowSeconds", 3_600L);
        // A day-long window would be its own daily roll-up (same period): the roll-up needs windows shorter than a day.
        if (windowSeconds < 1 || windowSeconds >= DAY_SECONDS || DAY_SECONDS % windowSeconds != 0) {
            throw new ConfigException("monitoring.windowSeconds must divide 86400 (a day) and be shorter than a day, "
                    + "e.g. 10, 60, 300, 900, 3600; got " + windowSeconds);
        }
        long flush = section.getLong("windowFlushIntervalMs", 60_000L);
        // DriftSettings reads plain maps: a nested section built in code is a JsonObject, one parsed from a file a Map.
        Map<String, Object> plain = new HashMap<>(section.getMap());
        if (section.getValue("metrics") instanceof JsonObject metrics) {
            plain.put("metrics", metrics.getMap());
        }
        return new MonitoringSettings(section.getBoolean("enabled", true), DriftSettings.of(plain), sketchK, windowSeconds, flush,
                section.getLong("closeIntervalMs", 60_000L), section.getLong("closeGraceMs", 2 * flush));
    }
}
