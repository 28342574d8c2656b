package com.roisystems.ml.auth;

import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Keys of an identity provider: tokens signed with RSA verify against a JWKS file or a PEM public key")
class KeySourcesTest {

    private static final String ISSUER = "https://sso.example.com/realms/roi";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** What Keycloak issues: roles under realm_access.roles, among roles of other applications. */
    private static JsonObject keycloakClaims(String... roles) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("sub", "f0c1d2e3-keycloak-user").put("iss", ISSUER).put("aud", new JsonArray().add("account").add("roi-ml-api"))
                .put("iat", now).put("exp", now + 300).put("tenant", "acme")
                .put("realm_access", new JsonObject().put("roles", new JsonArray(Arrays.asList(roles))));
    }

    private static String rs256(KeyPair keys, String kid, JsonObject claims) throws Exception {
        String input = encode(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid)) + "." + encode(claims);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + BASE64URL.encodeToString(signature.sign());
    }

    private static String encode(JsonObject json) {
        return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return BASE64URL.encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
    }

    private static JsonObject jwk(KeyPair keys, String kid, String use) {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", use)
                .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()));
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static JsonObject keycloakAuth(JsonObject keySource) {
        return new JsonObject().put("hmacSecret", "").put("issuer", ISSUER).put("audience", "roi-ml-api")
                .put("roleClaim", "realm_access.roles").mergeIn(keySource);
    }

    @Test
    @DisplayName("JWKS file (no alg on the key, an encryption key beside it): Keycloak roles and tenant are read; another key's token is 401")
    void jwks(Vertx vertx, TestServers servers, @TempDir Path dir) throws Exception {
        KeyPair signing = rsa();
        KeyPair encryption = rsa();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JsonObject().put("keys", new JsonArray()
                .add(jwk(encryption, "enc-1", "enc")).add(jwk(signing, "sig-1", "sig"))).encode());
        JsonObject config = servers.config().json().put("auth", keycloakAuth(new JsonObject().put("jwksFile", jwks.toString())));
        ApiUnderTest api = ApiUnderTest.deploy(vertx, config);

        String client = rs256(signing, "sig-1", keycloakClaims("offline_access", "client", "uma_authorization"));
        assertThat(api.get("/v1/features/catalog", client).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> admin = api.get("/v1/admin/models", client);
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(ApiUnderTest.error(admin).getString("message")).endsWith("the token has: client");

        assertThat(api.get("/v1/features/catalog", rs256(encryption, "sig-1", keycloakClaims("client"))).statusCode()).isEqualTo(401);
        assertThat(api.get("/v1/features/catalog", rs256(rsa(), "sig-1", keycloakClaims("client"))).statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("PEM public key: RS256 verifies; an HS256 token signed with the public key as its secret (algorithm confusion) is 401")
    void pemPublicKey(Vertx vertx, TestServers servers, @TempDir Path dir) throws Exception {
        KeyPair signing = rsa();
        Path pem = dir.resolve("idp.pem");
        Files.writeString(pem, pem(signing));
        JsonObject config = servers.config().json().put("auth", keycloakAuth(new JsonObject().put("publicKeyFiles", new JsonArray().add(pem.toString()))));
        ApiUnderTest api = ApiUnderTest.deploy(vertx, config);

        assertThat(api.get("/v1/features/catalog", rs256(signing, "any", keycloakClaims("client"))).statusCode()).isEqualTo(200);
        String confused = TokenMinter.sign(new JsonObject().put("alg", "HS256"), keycloakClaims("client", "admin"),
                Files.readString(pem).getBytes(StandardCharsets.UTF_8));
        assertThat(api.get("/v1/admin/models", confused).statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("unusable keys are refused at start naming the setting: a short secret, a missing file, a JWKS without keys")
    void unusableKeys(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TokenKeys.load(AuthSettings.from(new JsonObject().put("hmacSecret", "short"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> TokenKeys.load(AuthSettings.from(new JsonObject().put("jwksFile", dir.resolve("none.json").toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwksFile");
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "{\"keys\": []}");
        assertThatThrownBy(() -> TokenKeys.load(AuthSettings.from(new JsonObject().put("jwksFile", empty.toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no configured token key");
    }
}
