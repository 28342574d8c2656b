package com.roisystems.ml.ratelimit;

import io.vertx.core.json.JsonObject;

/**
 * One role's budget: {@code perSecond} tokens refill continuously up to {@code burst}; a request spends its cost.
 *
 * <p>{@code BucketLimit.fromJson("rateLimits.client", new JsonObject().put("perSecond", 200).put("burst", 400))}
 */
public record BucketLimit(double perSecond, long burst) {

    public BucketLimit {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1 (got " + perSecond + ", " + burst + ")");
        }
    }

    /** Reads {@code {"perSecond", "burst"}}; a missing or non-positive value fails naming {@code path}. */
    public static BucketLimit fromJson(String path, JsonObject json) {
        if (json == null || !(json.getValue("perSecond") instanceof Number perSecond) || !(json.getValue("burst") instanceof Number burst)) {
            throw new IllegalArgumentException(path + ": needs numbers perSecond and burst");
        }
        try {
            return new BucketLimit(perSecond.doubleValue(), burst.longValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage());
        }
    }

    /** Seconds an empty bucket takes to fill again: how long its state is worth keeping. */
    public double secondsToFill() {
        return burst / perSecond;
    }

    /** Orders limits by generosity: the faster refill first, then the larger burst. */
    public boolean moreGenerousThan(BucketLimit other) {
        return perSecond != other.perSecond ? perSecond > other.perSecond : burst > other.burst;
    }
}
