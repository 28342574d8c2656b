package com.roisystems.ml.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Token buckets in Redis, shared by every instance: one {@code EVALSHA} of {@link BucketScript} (one round trip; the
 * script is sent whole only when Redis answers {@code NOSCRIPT}, after which it is cached there) takes the request's
 * tokens and a small lease of more, which later requests of the same caller spend here ({@link TokenLeases}): at a
 * caller's full rate, Redis is asked about once per 50 ms of its refill rather than once per request. Once Redis has
 * failed (refused, or no answer within {@value #REDIS_TIMEOUT_MS} ms) it answers from {@link LocalBuckets} — it fails
 * open to per-process limits — and asks Redis nothing on a request's behalf: a PING in the background, at most one at a
 * time and one a second, finds out when it answers again. The fall-back is logged once at WARN and the recovery once at
 * INFO. It never fails: a request is never refused, nor made to wait, because Redis is down.
 *
 * <p>{@code limiter.take("subject:alice", limits.limitFor(caller.roles()), 1).onSuccess(decision -> ...)}
 */
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final String KEY_PREFIX = "roi:ratelimit:";
    /** Longer than a healthy Redis ever takes, short enough not to stall the predict path when it hangs. */
    private static final long REDIS_TIMEOUT_MS = 250;
    private static final long RETRY_REDIS_AFTER_MS = 1_000;

    private final Redis redis;
    private final LocalBuckets local;
    private final TokenLeases leases = new TokenLeases();
    private final Map<String, Future<Decision>> asking = new ConcurrentHashMap<>();
    private volatile long retryRedisAtMillis;
    private final AtomicBoolean probing = new AtomicBoolean();

    public RateLimiter(Redis redis, LocalBuckets local) {
        this.redis = redis;
        this.local = local;
    }

    public static RateLimiter create(Vertx vertx, Redis redis) {
        return new RateLimiter(redis, LocalBuckets.of(vertx));
    }

    /** Spends {@code cost} tokens of {@code key}'s bucket if it has them; always succeeds. */
    public Future<Decision> take(String key, BucketLimit limit, long cost) {
        if (local.fallingBack.get()) {
            probeWhenDue();
            return Future.succeededFuture(local.take(key, limit, cost, System.currentTimeMillis()));
        }
        Decision leased = leases.spend(key, limit, cost, System.currentTimeMillis());
        if (leased != null) {
            return Future.succeededFuture(leased);
        }
        // One question to Redis per caller at a time: a burst waits for the lease in flight instead of each request
        // taking a lease of its own (which would drain the shared bucket by leases nobody spends).
        Future<Decision> inFlight = asking.get(key);
        if (inFlight != null && !inFlight.isComplete()) {
            return inFlight.transform(ignored -> take(key, limit, cost));
        }
        Future<Decision> asked = askRedis(key, limit, cost);
        if (!asked.isComplete()) {
            asking.put(key, asked);
            asked.onComplete(done -> asking.remove(key, asked));
        }
        return asked;
    }

    private Future<Decision> askRedis(String key, BucketLimit limit, long cost) {
        String[] args = {KEY_PREFIX + key, Double.toString(limit.perSecond()), Long.toString(limit.burst()), Long.toString(cost),
                Long.toString(TokenLeases.size(limit, cost))};
        return redis.send(script(Command.EVALSHA, BucketScript.SHA1, args))
                .recover(failure -> isNoScript(failure)
                        ? redis.send(script(Command.EVAL, BucketScript.SOURCE, args))
                        : Future.failedFuture(failure))
                .timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .map(reply -> leases.record(key, decode(reply, limit), reply.get(4).toLong(), cost, System.currentTimeMillis()))
                .transform(answer -> {
                    if (answer.succeeded()) {
                        markRedisUp();
                        return Future.succeededFuture(answer.result());
                    }
                    markRedisDown(answer.cause());
                    return Future.succeededFuture(local.take(key, limit, cost, System.currentTimeMillis()));
                });
    }

    /** While falling back: one PING at a time, a second after the last failure, that no request waits on. */
    private void probeWhenDue() {
        if (System.currentTimeMillis() < retryRedisAtMillis || !probing.compareAndSet(false, true)) {
            return;
        }
        redis.send(Request.cmd(Command.PING))
                .timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .onComplete(probed -> {
                    probing.set(false);
                    if (probed.succeeded()) {
                        markRedisUp();
                    } else {
                        markRedisDown(probed.cause());
                    }
                });
    }

    private static Request script(Command command, String script, String[] args) {
        Request request = Request.cmd(command).arg(script).arg(1);
        for (String arg : args) {
            request.arg(arg);
        }
        return request;
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static Decision decode(Response reply, BucketLimit limit) {
        return new Decision(reply.get(0).toInteger() == 1, limit.burst(), reply.get(1).toLong(), reply.get(2).toLong(), reply.get(3).toLong());
    }

    private void markRedisDown(Throwable cause) {
        retryRedisAtMillis = System.currentTimeMillis() + RETRY_REDIS_AFTER_MS;
        if (local.fallingBack.compareAndSet(false, true)) {
            log.warn("Rate limits: Redis unreachable ({}); counting in local per-process buckets until it answers again", cause.toString());
        }
    }

    private void markRedisUp() {
        if (local.fallingBack.compareAndSet(true, false)) {
            log.info("Rate limits: Redis reachable again; buckets shared across instances again");
        }
    }
}
