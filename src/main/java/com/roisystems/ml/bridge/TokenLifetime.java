package com.roisystems.ml.bridge;

import com.roisystems.ml.auth.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Ends a bridge socket when the token it was let in with stops verifying, so that a socket never outlives its token: a
 * timer at the token's expiry ({@code exp}) asks the verifier again, which refuses once the expiry plus the clock-skew
 * leeway has passed, the rule every HTTP request meets; until then it asks again every {@value #RECHECK_MS} ms. The
 * refusal's reason ({@code "the token expired at ..."}) goes to {@code expired}, which tells the client and closes.
 *
 * <p>{@code TokenLifetime lifetime = TokenLifetime.watch(vertx, verifier, token, client, reason -> close(socket, reason));}
 */
final class TokenLifetime {

    private static final long RECHECK_MS = 1_000;

    private final Vertx vertx;
    private final TokenVerifier verifier;
    private final String token;
    private final String client;
    private final Consumer<String> expired;
    private final Instant expiresAt;
    private long timer = -1;
    private boolean cancelled;

    private TokenLifetime(Vertx vertx, TokenVerifier verifier, String token, String client, Instant expiresAt, Consumer<String> expired) {
        this.vertx = vertx;
        this.verifier = verifier;
        this.token = token;
        this.client = client;
        this.expiresAt = expiresAt;
        this.expired = expired;
    }

    /**
     * Starts watching a token the verifier has accepted; empty when it carries no readable expiry (the verifier refuses
     * such tokens, so only a service without authentication gets here, and its sockets have no token to outlive).
     */
    static Optional<TokenLifetime> watch(Vertx vertx, TokenVerifier verifier, String token, String client, Consumer<String> expired) {
        return expiry(token).map(at -> {
            TokenLifetime lifetime = new TokenLifetime(vertx, verifier, token, client, at, expired);
            lifetime.schedule(Math.max(1, at.toEpochMilli() - System.currentTimeMillis()));
            return lifetime;
        });
    }

    /** The {@code exp} claim of a token, read without checking it: call only for a token the verifier accepted. */
    static Optional<Instant> expiry(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.getValue("exp") instanceof Number exp ? Optional.of(Instant.ofEpochSecond(exp.longValue())) : Optional.empty();
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            return Optional.empty();
        }
    }

    Instant expiresAt() {
        return expiresAt;
    }

    /** Stops watching: the socket closed, or a later token took this one's place. */
    void cancel() {
        cancelled = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void schedule(long delayMs) {
        timer = vertx.setTimer(delayMs, fired -> verifier.verify(token, client).onComplete(checked -> {
            if (cancelled) {
                return;
            }
            if (checked.succeeded()) {
                schedule(RECHECK_MS);
            } else {
                expired.accept(checked.cause().getMessage());
            }
        }));
    }
}
