package com.roisystems.ml.ratelimit;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * In-process token buckets, the fallback while Redis is unreachable: the same arithmetic as {@link BucketScript},
 * on this JVM's clock, shared by every HTTP verticle instance of one Vert.x (so two instances do not double a
 * caller's budget). Limits then hold per process instead of per cluster: the fallback keeps protection, not precision.
 *
 * <p>{@code LocalBuckets.of(vertx).take("subject:alice", limit, 1, System.currentTimeMillis())}
 */
public final class LocalBuckets implements Shareable {

    private static final String SHARED_MAP = "roi.ratelimit";
    private static final String SHARED_KEY = "local-buckets";
    /** Above this many buckets, full (forgotten-equivalent) ones are dropped, so idle callers cost no memory. */
    private static final int SWEEP_ABOVE = 100_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** True while the limiters of this Vert.x fall back here: the WARN and the recovery INFO are logged once each. */
    final AtomicBoolean fallingBack = new AtomicBoolean();

    private static final class Bucket {
        double tokens;
        long atMillis;
        double perSecond;
        long burst;
    }

    /** The buckets every limiter of {@code vertx} shares. */
    public static LocalBuckets of(Vertx vertx) {
        return (LocalBuckets) vertx.sharedData().<String, LocalBuckets>getLocalMap(SHARED_MAP).computeIfAbsent(SHARED_KEY, key -> new LocalBuckets());
    }

    /** Refills {@code key}'s bucket for the time since its last use, then spends {@code cost} if it can. */
    public Decision take(String key, BucketLimit limit, long cost, long nowMillis) {
        if (buckets.size() > SWEEP_ABOVE) {
            sweep(nowMillis);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> {
            Bucket fresh = new Bucket();
            fresh.tokens = limit.burst();
            fresh.atMillis = nowMillis;
            return fresh;
        });
        synchronized (bucket) {
            bucket.perSecond = limit.perSecond();
            bucket.burst = limit.burst();
            double tokens = Math.min(limit.burst(), bucket.tokens + Math.max(0, nowMillis - bucket.atMillis) * limit.perSecond() / 1000.0);
            // A request larger than the bucket passes when the bucket is full and leaves it in debt; else it could never pass.
            double needed = Math.min(cost, limit.burst());
            boolean allowed = tokens >= needed;
            long retryAfter = 0;
            if (allowed) {
                tokens -= cost;
            } else {
                retryAfter = (long) Math.ceil((needed - tokens) * 1000.0 / limit.perSecond());
            }
            bucket.tokens = tokens;
            bucket.atMillis = nowMillis;
            long reset = (long) Math.ceil((limit.burst() - tokens) * 1000.0 / limit.perSecond());
            return new Decision(allowed, limit.burst(), (long) Math.floor(Math.max(0, tokens)), retryAfter, reset);
        }
    }

    private void sweep(long nowMillis) {
        buckets.entrySet().removeIf(entry -> {
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                return bucket.tokens + (nowMillis - bucket.atMillis) * bucket.perSecond / 1000.0 >= bucket.burst;
            }
        });
    }
}
