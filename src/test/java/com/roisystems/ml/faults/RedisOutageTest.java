package com.roisystems.ml.faults;

import com.roisystems.ml.auth.Role;
import com.roisystems.ml.features.FeatureVector;
import com.roisystems.ml.infra.EmbeddedRedisServer;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Redis down or hung")
class RedisOutageTest {

    private static final Logger log = LoggerFactory.getLogger(RedisOutageTest.class);
    private static final List<String> USERS = IntStream.rangeClosed(1, 60).mapToObj(n -> "user_" + n).toList();
    /** Longer than any prediction takes here, even on a busy machine; just shorter than the online store's 500 ms Redis deadline. */
    private static final long SLOW_MICROS = 450_000;
    private static final Duration HUNG_FOR = Duration.ofSeconds(6);
    /** Passes over the users per latency figure: one pass on 2 shared cores is noisy. */
    private static final int ROUNDS = 5;

    private static EmbeddedRedisServer redis;
    private static FaultPlatform platform;

    @BeforeAll
    static void serviceOnItsOwnRedis(Vertx vertx, TestServers shared) throws Exception {
        redis = EmbeddedRedisServer.start(0);
        TestServers servers = new TestServers(shared.database(), redis, shared.kafkaBootstrapServers(), shared.databaseName());
        FaultPlatform.loadAndTrain(vertx, servers);
        JsonObject config = servers.config().json();
        // No in-process cache: every read asks Redis, so the figures compare Redis with PostgreSQL, not with memory.
        config.put("features", new JsonObject().put("lruEntries", 0));
        config.getJsonObject("rateLimits").put("client", new JsonObject().put("perSecond", 1).put("burst", 5));
        platform = FaultPlatform.deploy(vertx, config, false);
    }

    /** The service stops first: its stop writes to Redis. */
    @AfterAll
    static void stopServiceThenRedis(Vertx vertx) throws Exception {
        FaultPlatform.undeployAll(vertx);
        redis.stop();
    }

    @Test
    @DisplayName("stopped: predictions answer from PostgreSQL at a measured cost, rate limits count locally, health says degraded "
            + "naming redis; hung: no request waits on it after the first; each time it recovers by itself")
    void outageAndHang() throws Exception {
        USERS.forEach(platform::predict);
        await("vectors in Redis").atMost(Duration.ofSeconds(30))
                .until(() -> FeatureVector.SOURCE_ONLINE.equals(platform.predict(USERS.get(USERS.size() - 1)).featureSource()));
        Latencies up = predictAll(FeatureVector.SOURCE_ONLINE);

        redis.stop();
        Latencies down = predictAll(FeatureVector.SOURCE_POSTGRES);
        FaultPlatform.Answer health = platform.health();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().getString("status")).isEqualTo("degraded");
        JsonObject components = health.body().getJsonObject("components");
        assertThat(components.getJsonObject("redis").getString("status")).as(components.encode()).isEqualTo("DOWN");
        assertThat(components.getJsonObject("online_store").getString("status")).isEqualTo("DEGRADED");

        FaultPlatform limited = platform.as(TestTokens.mint("fault-client", Set.of(Role.CLIENT), null));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            FaultPlatform.Answer answer = limited.predict("user_1");
            statuses.add(answer.status());
            if (answer.status() == 429) {
                assertThat(answer.retryAfter()).isNotBlank();
            }
        }
        assertThat(statuses).as("a burst of 5 counted in this process's own bucket while Redis is down: " + statuses)
                .filteredOn(status -> status != 429).hasSizeBetween(5, 6);
        assertThat(statuses).noneMatch(status -> status >= 500);

        redis.restart();
        long restarted = System.nanoTime();
        awaitRecovery();
        long stoppedRecoveryMillis = (System.nanoTime() - restarted) / 1_000_000;

        List<Long> hung = new ArrayList<>();
        long hungSince = System.nanoTime();
        signal(redis, "STOP");
        try {
            for (int i = 0; System.nanoTime() - hungSince < HUNG_FOR.toNanos(); i++) {
                FaultPlatform.Answer answer = platform.predict(USERS.get(i % USERS.size()));
                assertThat(answer.status()).as(answer.body().encode()).isEqualTo(200);
                hung.add(answer.micros());
            }
        } finally {
            signal(redis, "CONT");
        }
        long resumed = System.nanoTime();
        awaitRecovery();
        long hungRecoveryMillis = (System.nanoTime() - resumed) / 1_000_000;
        Latencies whileHung = new Latencies(hung);

        log.info("Prediction latency (ms) with Redis up (features from Redis): {}; stopped (from PostgreSQL): {}; hung {} s: {}, "
                        + "{} of {} over {} ms; recovered {} ms after a restart, {} ms after the hang ended",
                up, down, HUNG_FOR.toSeconds(), whileHung, whileHung.over(SLOW_MICROS), hung.size(), SLOW_MICROS / 1000,
                stoppedRecoveryMillis, hungRecoveryMillis);
        assertThat(down.percentile(0.5)).as("a stopped Redis adds no connect timeout to requests (ms): " + down).isLessThan(100);
        assertThat(whileHung.over(SLOW_MICROS)).as("requests that waited on the hung Redis (only those in flight when it hung): " + whileHung)
                .isLessThanOrEqualTo(2);
    }

    /** Every user predicted {@value #ROUNDS} times, all 200 with features from {@code source}. */
    private static Latencies predictAll(String source) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < ROUNDS * USERS.size(); i++) {
            String user = USERS.get(i % USERS.size());
            FaultPlatform.Answer answer = platform.predict(user);
            assertThat(answer.status()).as(answer.body().encode()).isEqualTo(200);
            assertThat(answer.featureSource()).isEqualTo(source);
            micros.add(answer.micros());
        }
        return new Latencies(micros);
    }

    private static void awaitRecovery() {
        await("recovered by itself").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(platform.predict(USERS.get(0)).featureSource()).isEqualTo(FeatureVector.SOURCE_ONLINE);
            assertThat(platform.health().body().getString("status")).isEqualTo("healthy");
        });
    }

    /** Freezes ({@code STOP}) or resumes ({@code CONT}) the Redis process: a server that accepts connections but never answers. */
    private static void signal(EmbeddedRedisServer server, String signal) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).start().waitFor()).isZero();
    }

    /** Request latencies in microseconds, described in milliseconds. */
    private record Latencies(List<Long> micros) {

        long max() {
            return micros.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        long over(long limit) {
            return micros.stream().filter(value -> value > limit).count();
        }

        /** In milliseconds. */
        double percentile(double p) {
            List<Long> sorted = micros.stream().sorted().toList();
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1000.0;
        }

        @Override
        public String toString() {
            double mean = micros.stream().mapToLong(Long::longValue).average().orElse(0) / 1000.0;
            return String.format("mean %.1f, p50 %.1f, p95 %.1f, max %.1f (n=%d)", mean, percentile(0.5), percentile(0.95), max() / 1000.0, micros.size());
        }
    }
}
