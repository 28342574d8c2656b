package com.roisystems.ml.auth;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("A verified token becomes a caller: subject, known roles, tenant")
class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static TokenVerifier verifier(AuthSettings settings, Instant now) {
        return new TokenVerifier(vertx, TokenKeys.load(settings), settings, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Caller verify(String token) throws Exception {
        return verifier(TestTokens.settings(), NOW).verify(token, "10.0.0.7").timeout(10, TimeUnit.SECONDS).await();
    }

    private static String minted(Set<Role> roles, String tenant) {
        return TokenMinter.from(TestTokens.settings(), Clock.fixed(NOW, ZoneOffset.UTC)).mint("alice", roles, tenant, Duration.ofMinutes(5));
    }

    private static String withClaims(JsonObject extra) {
        long now = NOW.getEpochSecond();
        JsonObject claims = new JsonObject().put("sub", "bob").put("iss", "roi-ml").put("aud", "roi-ml-api").put("exp", now + 60).mergeIn(extra);
        return TokenMinter.sign(new JsonObject().put("alg", "HS256"), claims, TestTokens.SECRET.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("without a tenant claim: client and producer tokens get the default tenant, admin and monitor tokens are platform-wide")
    void tenantDefaults() throws Exception {
        assertThat(verify(minted(Set.of(Role.CLIENT), null)).tenant()).isEqualTo("default");
        assertThat(verify(minted(Set.of(Role.PRODUCER), null)).tenant()).isEqualTo("default");
        assertThat(verify(minted(Set.of(Role.ADMIN), null)).tenant()).isNull();
        assertThat(verify(minted(Set.of(Role.MONITOR, Role.CLIENT), null)).tenant()).isNull();
        Caller acme = verify(minted(Set.of(Role.CLIENT), "acme"));
        assertThat(acme).isEqualTo(new Caller("alice", Set.of(Role.CLIENT), "acme", "10.0.0.7"));
    }

    @Test
    @DisplayName("roles from a JSON array or a space-separated string, ignoring case and names this service does not know")
    void roleClaimShapes() throws Exception {
        assertThat(verify(withClaims(new JsonObject().put("roles", "client  MONITOR offline_access"))).roles())
                .containsExactlyInAnyOrder(Role.CLIENT, Role.MONITOR);
        assertThat(verify(withClaims(new JsonObject().put("roles", new JsonArray().add("Admin").add(7).add("uma_authorization")))).roles())
                .containsExactly(Role.ADMIN);
        assertThat(verify(withClaims(new JsonObject())).roles()).isEmpty();
    }

    @Test
    @DisplayName("exp and nbf are checked against the clock with the configured skew")
    void clockSkew() throws Exception {
        AuthSettings tight = AuthSettings.from(new JsonObject().put("hmacSecret", TestTokens.SECRET)
                .put("issuer", "roi-ml").put("audience", "roi-ml-api").put("clockSkewSeconds", 5));
        String token = minted(Set.of(Role.CLIENT), null);
        Instant expiry = NOW.plus(Duration.ofMinutes(5));
        assertThat(verifier(tight, expiry.plusSeconds(4)).verify(token, null).timeout(10, TimeUnit.SECONDS).await().subject()).isEqualTo("alice");
        Throwable late = catchThrowable(() -> verifier(tight, expiry.plusSeconds(6)).verify(token, null).timeout(10, TimeUnit.SECONDS).await());
        assertThat(late).isInstanceOf(ServiceFailure.class);
        assertThat(((ServiceFailure) late).code()).isEqualTo(FailureCode.UNAUTHENTICATED);
        Throwable early = catchThrowable(() -> verifier(tight, NOW.minusSeconds(6)).verify(token, null).timeout(10, TimeUnit.SECONDS).await());
        assertThat(early).hasMessageContaining("not valid before");
        assertThat(verifier(tight, NOW.minusSeconds(4)).verify(token, null).timeout(10, TimeUnit.SECONDS).await()).isNotNull();
    }

    @Test
    @DisplayName("a token verified once is answered from memory with this request's address, until it expires; "
            + "a token differing by one character is verified afresh and refused")
    void verifiedTokensAreRememberedUntilExpiry() throws Exception {
        AuthSettings tight = AuthSettings.from(new JsonObject().put("hmacSecret", TestTokens.SECRET)
                .put("issuer", "roi-ml").put("audience", "roi-ml-api").put("clockSkewSeconds", 5));
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        TokenVerifier verifier = new TokenVerifier(vertx, TokenKeys.load(tight), tight, moving);
        String token = minted(Set.of(Role.CLIENT), "acme");
        assertThat(verifier.verify(token, "10.0.0.1").timeout(10, TimeUnit.SECONDS).await().clientAddress()).isEqualTo("10.0.0.1");
        Caller again = verifier.verify(token, "10.0.0.2").timeout(10, TimeUnit.SECONDS).await();
        assertThat(again.clientAddress()).as("the address is this request's").isEqualTo("10.0.0.2");
        assertThat(again.tenant()).isEqualTo("acme");

        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertThat(catchThrowable(() -> verifier.verify(tampered, null).timeout(10, TimeUnit.SECONDS).await()))
                .hasMessageContaining("signature");

        now[0] = NOW.plus(Duration.ofMinutes(5)).plusSeconds(6);
        assertThat(catchThrowable(() -> verifier.verify(token, null).timeout(10, TimeUnit.SECONDS).await()))
                .as("remembered, but expired now").hasMessageContaining("expired");
    }
}
