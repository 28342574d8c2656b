package com.roisystems.ml.ratelimit;

/**
 * What a bucket answered for one request: whether it may pass, the bucket's size ({@code limit}), the whole tokens
 * left, and in milliseconds how long until the request could pass ({@code retryAfterMillis}, 0 when allowed) and until
 * the bucket is full again ({@code resetMillis}).
 */
public record Decision(boolean allowed, long limit, long remaining, long retryAfterMillis, long resetMillis) {

    /** Milliseconds as whole seconds, rounded up: a client that waits this long is not refused again for lack of time. */
    public static long ceilSeconds(long millis) {
        return Math.max(0, (millis + 999) / 1000);
    }
}
