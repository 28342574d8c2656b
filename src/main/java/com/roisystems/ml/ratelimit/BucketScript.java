package com.roisystems.ml.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The token bucket as one Redis Lua script, so refill, take and answer are one atomic step that every instance shares.
 *
 * <p>The clock is Redis's own {@code TIME}, not the caller's: instances whose clocks disagree would otherwise refill a
 * shared bucket by their own skew (a fast clock hands out free tokens, a slow one refuses). Redis 5+ replicates a
 * script by its effects, so reading {@code TIME} before writing is allowed and replicas receive the written values.
 *
 * <p>KEYS[1] the bucket; ARGV perSecond, burst, cost, lease. A request that may pass takes its cost and, when the
 * bucket has them, up to {@code lease} tokens in all: the instance spends the rest locally ({@link TokenLeases}) instead
 * of asking again for every request. State: a hash {@code tokens} (may be negative: a request larger than the bucket
 * passes when it is full and leaves it in debt), {@code at} (microseconds). The key expires once the bucket would be
 * full again, which is the same as no key. Returns {allowed 0/1, whole tokens left, retry-after ms, ms until full,
 * tokens taken}.
 */
final class BucketScript {

    static final String SOURCE = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local cost = tonumber(ARGV[3])
            local lease = tonumber(ARGV[4])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or burst
            local at = tonumber(state[2]) or now
            if now > at then
              tokens = math.min(burst, tokens + (now - at) * rate / 1000000)
            end
            local needed = math.min(cost, burst)
            local allowed = 0
            local retry = 0
            local taken = 0
            if tokens >= needed then
              taken = math.max(cost, math.min(lease, math.floor(tokens)))
              tokens = tokens - taken
              allowed = 1
            else
              retry = math.ceil((needed - tokens) * 1000 / rate)
            end
            local reset = math.ceil((burst - tokens) * 1000 / rate)
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%d', now))
            redis.call('PEXPIRE', KEYS[1], reset + 1000)
            return {allowed, math.floor(math.max(tokens, 0)), retry, reset, taken}
            """;

    /** What {@code EVALSHA} names the script by: its SHA-1, computed here once, so no round trip is spent loading it. */
    static final String SHA1 = sha1(SOURCE);

    private BucketScript() {
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
