package com.roisystems.ml.ratelimit;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.Json;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import com.roisystems.ml.config.RedisClients;
import io.vertx.ext.web.RoutingContext;

/**
 * Spends a request's cost from its caller's bucket before the route runs. Placed after authentication (it reads the
 * {@link Caller} the authentication handler stored) and after the body handler (batches cost by their items).
 *
 * <p>The bucket is the token's subject ({@code subject:alice}), or the client address for a request without a caller
 * ({@code address:10.0.0.7}); the limit is the most generous of the caller's roles ({@link RateLimits}), the
 * {@code anonymous} one for a request without a caller (with authentication switched off: every role's). Every answer
 * carries {@code RateLimit-Limit} (the bucket size), {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds
 * until full); a refused one is 429 {@code rate_limited} with {@code Retry-After} in whole seconds, rounded up, its
 * body written by the router's failure handler. {@code POST .../v1/predict/batch} costs its number of requests,
 * {@code POST .../v1/events} with an array its length; everything else 1.
 *
 * <p>{@code api.route().handler(RateLimitHandler.create(vertx, config, redis));}
 */
public final class RateLimitHandler implements Handler<RoutingContext> {

    private static final String BATCH_PATH = "/v1/predict/batch";
    private static final String EVENTS_PATH = "/v1/events";

    private final RateLimiter limiter;
    private final RateLimits limits;
    private final boolean authEnabled;

    /** {@code authEnabled}: whether a request without a caller is anonymous, or (authentication off) holds every role. */
    private RateLimitHandler(RateLimiter limiter, RateLimits limits, boolean authEnabled) {
        this.limiter = limiter;
        this.limits = limits;
        this.authEnabled = authEnabled;
    }

    /**
     * Options for the Redis client the handler is given: every request of the API passes here, so the client needs a
     * larger connection pool and waiting queue than the defaults (6 and 24), which a burst of concurrent requests would
     * exceed and push into the local fallback, and a short connect timeout so a dead Redis falls back quickly.
     */
    public static RedisOptions redisOptions(JsonObject redis) {
        RedisOptions options = RedisClients.options(redis).setMaxPoolSize(16).setMaxPoolWaiting(10_000);
        options.getNetClientOptions().setConnectTimeout(500).setTcpNoDelay(true);
        return options;
    }

    /** A handler for the service configuration ({@code rateLimits}, {@code auth.enabled}) on a client built from {@link #redisOptions}. */
    public static RateLimitHandler create(Vertx vertx, JsonObject config, Redis redis) {
        boolean authEnabled = config.getJsonObject("auth", new JsonObject()).getBoolean("enabled", true);
        return new RateLimitHandler(RateLimiter.create(vertx, redis), RateLimits.fromJson(config.getJsonObject("rateLimits")), authEnabled);
    }

    @Override
    public void handle(RoutingContext context) {
        if (!limits.enabled()) {
            context.next();
            return;
        }
        Caller caller = Caller.of(context);
        String bucket;
        BucketLimit limit;
        if (!authEnabled || context.get(Caller.CONTEXT_KEY) == null || caller.isAnonymous()) {
            // No token: the client address is all we know. Authentication switched off makes every caller platform-wide
            // with every role (Caller.of): their limit too, still one bucket per address.
            bucket = "address:" + caller.clientAddress();
            limit = authEnabled ? limits.anonymous() : limits.limitFor(caller.roles());
        } else {
            bucket = "subject:" + caller.subject();
            limit = limits.limitFor(caller.roles());
        }
        limiter.take(bucket, limit, costOf(context)).onSuccess(decision -> {
            HttpServerResponse response = context.response();
            response.putHeader("RateLimit-Limit", Long.toString(decision.limit()))
                    .putHeader("RateLimit-Remaining", Long.toString(decision.remaining()))
                    .putHeader("RateLimit-Reset", Long.toString(Decision.ceilSeconds(decision.resetMillis())));
            if (decision.allowed()) {
                context.next();
                return;
            }
            long retryAfter = Math.max(1, Decision.ceilSeconds(decision.retryAfterMillis()));
            response.putHeader("Retry-After", Long.toString(retryAfter));
            context.fail(new ServiceFailure(FailureCode.RATE_LIMITED, null,
                    "rate limit of " + limit.burst() + " requests (" + limit.perSecond() + "/s) exceeded; retry after " + retryAfter + " s"));
        });
    }

    /**
     * Items in a batch: the route validates the body afterwards, so anything unreadable here costs 1 and is refused there.
     * Read from the parsed body the body handler kept (no second read of the stream).
     */
    static long costOf(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST || context.body() == null || context.body().isEmpty()) {
            return 1;
        }
        String path = context.normalizedPath();
        try {
            if (path.endsWith(BATCH_PATH)) {
                JsonObject body = context.body().asJsonObject();
                return body != null && body.getValue("requests") instanceof JsonArray requests ? Math.max(1, requests.size()) : 1;
            }
            if (path.endsWith(EVENTS_PATH)) {
                return Json.decodeValue(context.body().buffer()) instanceof JsonArray events ? Math.max(1, events.size()) : 1;
            }
        } catch (RuntimeException unreadable) {
            return 1;
        }
        return 1;
    }
}
