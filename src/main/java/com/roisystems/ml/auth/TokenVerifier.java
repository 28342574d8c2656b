package com.roisystems.ml.auth;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.config.DottedPath;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a bearer token into a {@link Caller}, or fails with {@link FailureCode#UNAUTHENTICATED} saying why.
 * {@link JWTAuth} checks the signature against the configured keys; everything else is checked here, so each
 * refusal has its own description: the shape, the algorithm ({@code none} and unlisted ones are refused before any
 * key is tried), {@code exp} (required) and {@code nbf} with the clock-skew leeway, the issuer and the audience,
 * and a subject. Roles come from the configured claim path (a JSON array or a space-separated string; names this
 * service does not know are ignored), the tenant from the tenant claim; without one, a token holding
 * {@code admin} or {@code monitor} is platform-wide and any other gets the default tenant.
 *
 * <p>{@code verifier.verify(token, "10.0.0.7").onSuccess(caller -> context.put(Caller.CONTEXT_KEY, caller))}
 */
public final class TokenVerifier {

    /** The field a refused token's failure names: the credential the client sent. */
    public static final String FIELD = "authorization";

    private final JWTAuth signatures;
    private final AuthSettings settings;
    private final DottedPath roleClaim;
    private final DottedPath tenantClaim;
    private final Clock clock;
    private final VerifiedTokens verifiedTokens = new VerifiedTokens(10_000);

    public TokenVerifier(Vertx vertx, JWTAuthOptions keys, AuthSettings settings, Clock clock) {
        // Only the signature is left to JWTAuth; the time, issuer and audience checks below say which one failed.
        this.signatures = JWTAuth.create(vertx, new JWTAuthOptions(keys).setJWTOptions(new JWTOptions().setIgnoreExpiration(true)));
        this.settings = settings;
        this.roleClaim = DottedPath.of(settings.roleClaim());
        this.tenantClaim = DottedPath.of(settings.tenantClaim());
        this.clock = clock;
    }

    public Future<Caller> verify(String token, String clientAddress) {
        Caller known = verifiedTokens.get(token, clock.instant().getEpochSecond(), settings.clockSkewSeconds(), clientAddress);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        JsonObject claims;
        try {
            claims = readUnverified(token);
        } catch (ServiceFailure refused) {
            return Future.failedFuture(refused);
        }
        return signatures.authenticate(new TokenCredentials(token))
                .recover(failure -> Future.failedFuture(refused("the token's signature does not verify with any configured key")))
                .map(verified -> {
                    Caller caller = toCaller(checked(claims), clientAddress);
                    verifiedTokens.put(token, caller, claims.getLong("nbf", Long.MIN_VALUE / 2), claims.getLong("exp"));
                    return caller;
                });
    }

    /** The claims of a well-formed token whose algorithm is accepted; the signature is not checked yet. */
    private JsonObject readUnverified(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw refused("the token is not a signed JWT (header.payload.signature)");
        }
        JsonObject header = decodePart(parts[0], "header");
        String algorithm = header.getValue("alg") instanceof String alg ? alg : "";
        if (algorithm.isEmpty() || algorithm.equalsIgnoreCase("none")) {
            throw refused("unsigned tokens (alg none) are refused");
        }
        if (!settings.algorithms().contains(algorithm)) {
            throw refused("the algorithm " + algorithm + " is not accepted (accepted: " + String.join(", ", settings.algorithms()) + ")");
        }
        return decodePart(parts[1], "payload");
    }

    private static JsonObject decodePart(String part, String name) {
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw refused("the token's " + name + " is not base64url-encoded JSON");
        }
    }

    private JsonObject checked(JsonObject claims) {
        long now = clock.instant().getEpochSecond();
        long skew = settings.clockSkewSeconds();
        if (!(claims.getValue("exp") instanceof Number expiry)) {
            throw refused("the token has no expiry (exp)");
        }
        if (now > expiry.longValue() + skew) {
            throw refused("the token expired at " + Instant.ofEpochSecond(expiry.longValue()));
        }
        if (claims.getValue("nbf") instanceof Number notBefore && now + skew < notBefore.longValue()) {
            throw refused("the token is not valid before " + Instant.ofEpochSecond(notBefore.longValue()));
        }
        if (!settings.issuer().isBlank() && !settings.issuer().equals(claims.getValue("iss"))) {
            throw refused("the token's issuer (iss) is not " + settings.issuer());
        }
        if (!settings.audience().isBlank() && !audiences(claims.getValue("aud")).contains(settings.audience())) {
            throw refused("the token is not meant for this API: its audience (aud) does not include " + settings.audience());
        }
        if (!(claims.getValue("sub") instanceof String subject) || subject.isBlank()) {
            throw refused("the token has no subject (sub)");
        }
        return claims;
    }

    private static Set<Object> audiences(Object aud) {
        if (aud instanceof JsonArray array) {
            return Set.copyOf(array.getList().stream().filter(item -> item != null).toList());
        }
        return aud == null ? Set.of() : Set.of(aud);
    }

    private Caller toCaller(JsonObject claims, String clientAddress) {
        Set<Role> roles = roles(roleClaim.read(claims));
        String tenant = tenantClaim.read(claims) instanceof String claimed && !claimed.isBlank() ? claimed
                : roles.contains(Role.ADMIN) || roles.contains(Role.MONITOR) ? null : settings.defaultTenant();
        return new Caller(claims.getString("sub"), roles, tenant, clientAddress);
    }

    /** A JSON array of names or one space-separated string (as OAuth scopes are); unknown names are ignored. */
    static Set<Role> roles(Object claim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (claim instanceof JsonArray array) {
            array.forEach(item -> {
                if (item instanceof String name) {
                    Role.fromWireName(name).ifPresent(roles::add);
                }
            });
        } else if (claim instanceof String text) {
            Arrays.stream(text.trim().split("\\s+")).map(Role::fromWireName).flatMap(Optional::stream).forEach(roles::add);
        }
        return roles;
    }

    private static ServiceFailure refused(String description) {
        return new ServiceFailure(FailureCode.UNAUTHENTICATED, FIELD, description);
    }
}
