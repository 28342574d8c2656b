package com.roisystems.ml.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens one instance took from a shared Redis bucket ahead of need, spent here without a round trip. A lease is a
 * few milliseconds of the bucket's refill ({@link #size}); unspent tokens lapse after {@link #LEASE_MILLIS}, so a
 * quiet instance never sits on another's share for long. A refusal is remembered until its retry-after: a caller
 * flooding past its limit costs Redis nothing more until it could pass again.
 *
 * <p>What sharing gives up: across instances a bucket may admit up to one lease per instance more than its limit in
 * a lease's lifetime; a lapsed lease is tokens nobody spent (the caller is limited a little early, never late).
 */
final class TokenLeases {

    /** How long unspent leased tokens stay usable. */
    static final long LEASE_MILLIS = 1_000;
    /** A lease is this much of a second's refill: 50 ms of it. */
    private static final double LEASE_SHARE_OF_SECOND = 0.05;

    private record Lease(long tokensLeft, long usableUntilMillis, long sharedRemaining, long resetMillis, long refusedUntilMillis) {
    }

    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    /** Tokens to ask Redis for when {@code cost} is needed: at least the cost, at most a tenth of the bucket. */
    static long size(BucketLimit limit, long cost) {
        long share = (long) Math.ceil(limit.perSecond() * LEASE_SHARE_OF_SECOND);
        long cap = Math.max(1, limit.burst() / 10);
        return Math.max(cost, Math.min(share, cap));
    }

    /** The local answer for {@code cost}, or null when Redis must be asked. */
    Decision spend(String key, BucketLimit limit, long cost, long nowMillis) {
        Decision[] answer = new Decision[1];
        leases.computeIfPresent(key, (ignored, lease) -> {
            if (nowMillis < lease.refusedUntilMillis) {
                answer[0] = new Decision(false, limit.burst(), 0, lease.refusedUntilMillis - nowMillis, lease.resetMillis);
                return lease;
            }
            if (nowMillis >= lease.usableUntilMillis) {
                return null;
            }
            if (lease.tokensLeft < cost) {
                return lease;
            }
            long left = lease.tokensLeft - cost;
            answer[0] = new Decision(true, limit.burst(), lease.sharedRemaining + left, 0, lease.resetMillis);
            return new Lease(left, lease.usableUntilMillis, lease.sharedRemaining, lease.resetMillis, 0);
        });
        return answer[0];
    }

    /** Records what Redis answered for a request of {@code cost} that asked for a lease; returns the request's decision. */
    Decision record(String key, Decision shared, long taken, long cost, long nowMillis) {
        if (!shared.allowed()) {
            leases.put(key, new Lease(0, nowMillis, 0, shared.resetMillis(), nowMillis + shared.retryAfterMillis()));
            return shared;
        }
        long leased = Math.max(0, taken - cost);
        Lease merged = leases.merge(key, new Lease(leased, nowMillis + LEASE_MILLIS, shared.remaining(), shared.resetMillis(), 0),
                (old, fresh) -> nowMillis < old.usableUntilMillis && old.refusedUntilMillis == 0
                        ? new Lease(old.tokensLeft + fresh.tokensLeft, fresh.usableUntilMillis, fresh.sharedRemaining, fresh.resetMillis, 0)
                        : fresh);
        return new Decision(true, shared.limit(), shared.remaining() + merged.tokensLeft(), 0, shared.resetMillis());
    }
}
