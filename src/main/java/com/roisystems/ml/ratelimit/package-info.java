/**
 * Shared rate limits: a token bucket per caller (the token's subject; the client address for a request without a
 * token), with the most generous of the caller's roles' limits ({@code rateLimits.<role>}: {@code perSecond},
 * {@code burst}). {@link com.roisystems.ml.ratelimit.RateLimiter} keeps the buckets in Redis (one Lua script per
 * request, so every instance shares them) and falls back to in-process {@link com.roisystems.ml.ratelimit.LocalBuckets}
 * while Redis is unreachable; {@link com.roisystems.ml.ratelimit.RateLimitHandler} puts it in front of the routes
 * (after authentication) and answers 429 {@code rate_limited} with {@code Retry-After} and {@code RateLimit-*}.
 * {@link com.roisystems.ml.ratelimit.AdmissionControl} bounds the work in flight per route class and process (503
 * {@code overloaded} with {@code Retry-After} before any work starts).
 *
 * <p>Layer: capabilities. Uses auth ({@code Caller}, {@code Role}) and bus ({@code ServiceFailure}); never the edge,
 * whose failure handler writes the 429 body.
 */
package com.roisystems.ml.ratelimit;
