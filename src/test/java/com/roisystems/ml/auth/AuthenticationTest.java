package com.roisystems.ml.auth;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Authentication: a request with a missing or bad token is answered 401 with a challenge")
class AuthenticationTest {

    private static final String ROUTE = "/v1/features/catalog";
    private static final byte[] SECRET = TestTokens.SECRET.getBytes(StandardCharsets.UTF_8);
    private static ApiUnderTest api;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers) {
        api = ApiUnderTest.deploy(vertx, servers.config().json());
    }

    /** Claims a valid client token has; each test spoils one thing. */
    private static JsonObject claims() {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("sub", "someone").put("iss", "roi-ml").put("aud", "roi-ml-api")
                .put("iat", now).put("exp", now + 600).put("roles", new JsonArray().add("client"));
    }

    private static String signed(JsonObject claims) {
        return TokenMinter.sign(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, SECRET);
    }

    private static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(HttpResponse<Buffer> response, String description) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(ApiUnderTest.error(response).getString("code")).isEqualTo("unauthenticated");
        assertThat(ApiUnderTest.error(response).getString("message")).contains(description);
        assertThat(response.getHeader("WWW-Authenticate"))
                .startsWith("Bearer realm=\"roi-ml\", error=\"invalid_token\", error_description=\"")
                .contains(description);
    }

    @Test
    @DisplayName("a valid token passes, also one expired by less than the clock skew")
    void validTokenPasses() {
        assertThat(api.get(ROUTE, signed(claims())).statusCode()).isEqualTo(200);
        long now = Instant.now().getEpochSecond();
        assertThat(api.get(ROUTE, signed(claims().put("exp", now - 10))).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("no Authorization header: 401 with the bare challenge (no error code), also under /api/ml")
    void missingHeader() {
        for (String path : new String[]{ROUTE, "/api/ml" + ROUTE}) {
            HttpResponse<Buffer> response = api.get(path, null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"roi-ml\"");
            assertThat(response.getHeader("content-type")).isEqualTo("application/json");
            assertThat(ApiUnderTest.error(response).getString("code")).isEqualTo("unauthenticated");
            assertThat(ApiUnderTest.error(response).getString("field")).isEqualTo("authorization");
        }
    }

    @Test
    @DisplayName("a header that is not 'Bearer <token>' is refused")
    void notBearer() {
        HttpResponse<Buffer> response = api.http().get(api.port(), "127.0.0.1", ROUTE).putHeader("Authorization", "Basic dXNlcjpwdw==")
                .send().await();
        assertRefused(response, "Authorization: Bearer <token>");
    }

    @Test
    @DisplayName("malformed tokens: not three parts, a header that is not JSON")
    void malformed() {
        assertRefused(api.get(ROUTE, "not-a-jwt"), "not a signed JWT");
        assertRefused(api.get(ROUTE, base64url("{nope") + "." + base64url(claims().encode()) + ".c2ln"), "header is not base64url-encoded JSON");
    }

    @Test
    @DisplayName("alg none is refused, unsigned or with any signature, and so is an algorithm not listed")
    void algNoneAndUnlisted() {
        String payload = base64url(claims().encode());
        assertRefused(api.get(ROUTE, base64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + "."), "not a signed JWT");
        assertRefused(api.get(ROUTE, base64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".c2ln"), "alg none");
        assertRefused(api.get(ROUTE, TokenMinter.sign(new JsonObject().put("alg", "None"), claims(), SECRET)), "alg none");
        assertRefused(api.get(ROUTE, TokenMinter.sign(new JsonObject().put("alg", "HS512"), claims(), SECRET)), "algorithm HS512 is not accepted");
    }

    @Test
    @DisplayName("expired, not yet valid, and without expiry")
    void timeClaims() {
        long now = Instant.now().getEpochSecond();
        assertRefused(api.get(ROUTE, signed(claims().put("exp", now - 120))), "the token expired at");
        assertRefused(api.get(ROUTE, signed(claims().put("nbf", now + 600))), "not valid before");
        JsonObject noExpiry = claims();
        noExpiry.remove("exp");
        assertRefused(api.get(ROUTE, signed(noExpiry)), "no expiry (exp)");
    }

    @Test
    @DisplayName("signed with another key, or its signature tampered with")
    void wrongKey() {
        byte[] other = "another-secret-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8);
        assertRefused(api.get(ROUTE, TokenMinter.sign(new JsonObject().put("alg", "HS256"), claims(), other)), "signature does not verify");
        String token = signed(claims());
        String forgedClaims = base64url(claims().put("roles", new JsonArray().add("admin")).encode());
        String[] parts = token.split("\\.");
        assertRefused(api.get(ROUTE, parts[0] + "." + forgedClaims + "." + parts[2]), "signature does not verify");
    }

    @Test
    @DisplayName("wrong issuer, wrong audience, no subject")
    void issuerAudienceSubject() {
        assertRefused(api.get(ROUTE, signed(claims().put("iss", "someone-else"))), "issuer (iss) is not roi-ml");
        assertRefused(api.get(ROUTE, signed(claims().put("aud", "another-api"))), "audience (aud) does not include roi-ml-api");
        assertThat(api.get(ROUTE, signed(claims().put("aud", new JsonArray().add("x").add("roi-ml-api")))).statusCode()).isEqualTo(200);
        JsonObject noSubject = claims();
        noSubject.remove("sub");
        assertRefused(api.get(ROUTE, signed(noSubject)), "no subject (sub)");
    }

    @Test
    @DisplayName("a bad token is refused even on a public route: the client must learn its credential is wrong")
    void badTokenOnPublicRoute() {
        assertRefused(api.get("/health", "not-a-jwt"), "not a signed JWT");
        assertThat(api.get("/health", null).statusCode()).isEqualTo(200);
    }
}
