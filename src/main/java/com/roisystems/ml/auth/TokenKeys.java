package com.roisystems.ml.auth;

import com.roisystems.ml.config.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Reads the verification keys the settings name into {@link JWTAuthOptions}: the HMAC secret (inline or from a
 * file), PEM public keys or certificates, and the signing keys of a JWKS file (Keycloak's, Auth0's or Entra's
 * {@code jwks_uri} document saved to disk). A key is registered only for the configured algorithms of its kind,
 * so a token signed with any other algorithm finds no key. Reads files: call it off the event loop.
 *
 * <p>{@code JWTAuth jwt = JWTAuth.create(vertx, TokenKeys.load(settings));}
 */
public final class TokenKeys {

    /** RFC 7518 §3.2: an HMAC key must be at least as long as the hash (256 bits for HS256). */
    static final int MIN_HMAC_SECRET_BYTES = 32;

    private TokenKeys() {
    }

    public static JWTAuthOptions load(AuthSettings settings) {
        JWTAuthOptions options = new JWTAuthOptions();
        if (settings.hasHmacKey()) {
            String secret = hmacSecret(settings);
            settings.algorithms().stream().filter(alg -> alg.startsWith("HS"))
                    .forEach(alg -> options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(alg).setBuffer(secret)));
        }
        for (String file : settings.publicKeyFiles()) {
            addPem(options, Path.of(file), settings.algorithms());
        }
        if (!settings.jwksFile().isBlank()) {
            addJwks(options, Path.of(settings.jwksFile()), settings.algorithms());
        }
        if (isEmpty(options.getPubSecKeys()) && isEmpty(options.getJwks())) {
            throw new ConfigException("no configured token key fits auth.algorithms " + settings.algorithms());
        }
        return options;
    }

    private static boolean isEmpty(List<?> keys) {
        return keys == null || keys.isEmpty();
    }

    /** The HMAC secret, inline or from its file (trimmed); refused when shorter than 32 bytes. */
    public static String hmacSecret(AuthSettings settings) {
        String secret = settings.hmacSecret();
        String source = "auth.hmacSecret (AUTH_HMAC_SECRET)";
        if (secret.isBlank()) {
            source = "auth.hmacSecretFile " + settings.hmacSecretFile();
            secret = readText(Path.of(settings.hmacSecretFile()), "auth.hmacSecretFile").trim();
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_SECRET_BYTES) {
            throw new ConfigException(source + " must hold at least " + MIN_HMAC_SECRET_BYTES
                    + " bytes (e.g. openssl rand -base64 48)");
        }
        return secret;
    }

    private static void addPem(JWTAuthOptions options, Path file, List<String> algorithms) {
        String pem = readText(file, "auth.publicKeyFiles");
        String family = keyFamily(pem, file);
        List<String> fitting = algorithms.stream().filter(alg -> family.equals("RSA")
                ? alg.startsWith("RS") || alg.startsWith("PS") : alg.startsWith("ES")).toList();
        fitting.forEach(alg -> options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(alg).setBuffer(pem)));
    }

    /** RSA or EC, read from the PEM itself: a public key must only verify the algorithms of its kind. */
    private static String keyFamily(String pem, Path file) {
        try {
            PublicKey key;
            if (pem.contains("BEGIN CERTIFICATE")) {
                key = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
            } else if (pem.contains("BEGIN PUBLIC KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
                key = publicKey(der);
            } else {
                throw new ConfigException("auth.publicKeyFiles: " + file + " is not a PEM public key or certificate");
            }
            return key.getAlgorithm();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("auth.publicKeyFiles: cannot read the key in " + file + ": " + e.getMessage());
        }
    }

    private static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        }
    }

    /** The signature keys of a JWKS document; encryption keys and keys of algorithms not configured are skipped. */
    private static void addJwks(JWTAuthOptions options, Path file, List<String> algorithms) {
        JsonObject jwks;
        try {
            jwks = new JsonObject(readText(file, "auth.jwksFile"));
        } catch (DecodeException e) {
            throw new ConfigException("auth.jwksFile " + file + " is not valid JSON");
        }
        if (jwks.getJsonArray("keys") == null) {
            throw new ConfigException("auth.jwksFile " + file + " has no \"keys\" array");
        }
        jwks.getJsonArray("keys").stream()
                .filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                .filter(key -> key.getString("use", "sig").equals("sig"))
                .map(key -> key.containsKey("alg") ? key : key.copy().put("alg", defaultAlgorithm(key)))
                .filter(key -> algorithms.contains(key.getString("alg")))
                .forEach(options::addJwk);
    }

    /** A JWK without {@code alg}: the usual algorithm of its key type (what Keycloak and Auth0 sign with). */
    private static String defaultAlgorithm(JsonObject key) {
        return switch (key.getString("kty", "")) {
            case "RSA" -> "RS256";
            case "EC" -> switch (key.getString("crv", "")) {
                case "P-384" -> "ES384";
                case "P-521" -> "ES512";
                default -> "ES256";
            };
            default -> "";
        };
    }

    private static String readText(Path file, String key) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
