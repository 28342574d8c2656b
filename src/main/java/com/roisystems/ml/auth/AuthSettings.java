package com.roisystems.ml.auth;

import com.roisystems.ml.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code auth} section of the configuration: whether tokens are required, where the verification keys come
 * from (an HMAC secret or its file, PEM public keys, a JWKS file), which algorithms are accepted, the issuer and
 * audience a token must name, the clock skew allowed on {@code exp} / {@code nbf}, and where the roles and the
 * tenant sit in the claims (dotted paths: Keycloak's {@code realm_access.roles}).
 *
 * <p>{@code AuthSettings auth = AuthSettings.from(config.section("auth")); auth.requireKeyUnlessDisabled();}
 */
public record AuthSettings(boolean enabled, String hmacSecret, String hmacSecretFile, List<String> publicKeyFiles,
                           String jwksFile, List<String> algorithms, String issuer, String audience,
                           long clockSkewSeconds, String roleClaim, String tenantClaim, String defaultTenant) {

    public static AuthSettings from(JsonObject auth) {
        JsonObject section = auth == null ? new JsonObject() : auth;
        return new AuthSettings(
                section.getBoolean("enabled", true),
                section.getString("hmacSecret", ""),
                section.getString("hmacSecretFile", ""),
                strings(section.getJsonArray("publicKeyFiles")),
                section.getString("jwksFile", ""),
                strings(section.getJsonArray("algorithms", new JsonArray().add("HS256").add("RS256").add("ES256"))),
                section.getString("issuer", ""),
                section.getString("audience", ""),
                section.getLong("clockSkewSeconds", 30L),
                section.getString("roleClaim", "roles"),
                section.getString("tenantClaim", "tenant"),
                section.getString("defaultTenant", "default"));
    }

    /** True when a key to verify tokens with is configured (a secret, a secret file, PEM keys or a JWKS file). */
    public boolean hasKey() {
        return hasHmacKey() || !publicKeyFiles.isEmpty() || !jwksFile.isBlank();
    }

    /** True when tokens can be signed here too (only an HMAC secret signs; public keys only verify). */
    public boolean hasHmacKey() {
        return !hmacSecret.isBlank() || !hmacSecretFile.isBlank();
    }

    /**
     * The secure default of {@code serve}: with authentication on, a key must be configured, because a service that
     * cannot verify tokens would have to refuse every request (or, worse, accept them).
     */
    public void requireKeyUnlessDisabled() {
        if (enabled && !hasKey()) {
            throw new ConfigException("authentication is on but no token key is configured: set AUTH_HMAC_SECRET "
                    + "(or AUTH_HMAC_SECRET_FILE, AUTH_JWKS_FILE, auth.publicKeyFiles), or switch authentication off "
                    + "explicitly with AUTH_ENABLED=false");
        }
    }

    /** The settings with this HMAC secret file, for the demo's generated key. */
    public AuthSettings withHmacSecretFile(String file) {
        return new AuthSettings(enabled, "", file, publicKeyFiles, jwksFile, algorithms, issuer, audience,
                clockSkewSeconds, roleClaim, tenantClaim, defaultTenant);
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).filter(text -> !text.isBlank()).toList();
    }
}
