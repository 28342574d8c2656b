package com.roisystems.ml.auth;

import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.config.DottedPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Signs tokens this service accepts, with the configured HMAC secret (HS256): the issuer and audience of the
 * settings, the subject, the roles at the role claim path, the tenant at the tenant claim (left out for a
 * platform-wide token), issued now and valid for the given time. For the {@code token} command, the demo's banner
 * and the benchmarks; an identity provider signs the tokens of a real deployment.
 *
 * <p>{@code String jwt = TokenMinter.from(settings).mint("ops", Set.of(Role.MONITOR), null, Duration.ofHours(1));}
 */
public final class TokenMinter {

    private static final String ALGORITHM = "HS256";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final AuthSettings settings;
    private final Clock clock;

    private TokenMinter(byte[] secret, AuthSettings settings, Clock clock) {
        this.secret = secret;
        this.settings = settings;
        this.clock = clock;
    }

    /** A minter with the configured secret (read from its file when so configured: not on an event loop). */
    public static TokenMinter from(AuthSettings settings) {
        return from(settings, Clock.systemUTC());
    }

    public static TokenMinter from(AuthSettings settings, Clock clock) {
        if (!settings.hasHmacKey()) {
            throw new ConfigException("no HMAC secret to sign tokens with: set AUTH_HMAC_SECRET or AUTH_HMAC_SECRET_FILE "
                    + "(public keys only verify; tokens for them come from the identity provider)");
        }
        if (!settings.algorithms().contains(ALGORITHM)) {
            throw new ConfigException("auth.algorithms does not accept " + ALGORITHM + ", which tokens minted here use");
        }
        return new TokenMinter(TokenKeys.hmacSecret(settings).getBytes(StandardCharsets.UTF_8), settings, clock);
    }

    /** A signed token; {@code tenant == null} leaves the tenant claim out (platform-wide for admin and monitor). */
    public String mint(String subject, Set<Role> roles, String tenant, Duration validFor) {
        long now = clock.instant().getEpochSecond();
        JsonObject claims = new JsonObject().put("sub", subject).put("iat", now).put("nbf", now).put("exp", now + validFor.toSeconds());
        if (!settings.issuer().isBlank()) {
            claims.put("iss", settings.issuer());
        }
        if (!settings.audience().isBlank()) {
            claims.put("aud", settings.audience());
        }
        JsonArray roleNames = new JsonArray();
        for (Role role : Role.values()) {
            if (roles.contains(role)) {
                roleNames.add(role.wireName());
            }
        }
        DottedPath.of(settings.roleClaim()).write(claims, roleNames);
        if (tenant != null) {
            DottedPath.of(settings.tenantClaim()).write(claims, tenant);
        }
        return sign(new JsonObject().put("alg", ALGORITHM).put("typ", "JWT"), claims, secret);
    }

    /** JWS compact serialisation signed with HMAC-SHA256, whatever the header says (tests forge headers with it). */
    public static String sign(JsonObject header, JsonObject claims, byte[] secret) {
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String encode(JsonObject json) {
        return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }
}
