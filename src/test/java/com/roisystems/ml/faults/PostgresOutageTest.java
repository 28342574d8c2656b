package com.roisystems.ml.faults;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.infra.EmbeddedPostgresServer;
import com.roisystems.ml.infra.EmbeddedRedisServer;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("PostgreSQL down under load")
class PostgresOutageTest {

    private static final Logger log = LoggerFactory.getLogger(PostgresOutageTest.class);
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration RECOVERS_WITHIN = Duration.ofSeconds(15);
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(30);
    private static final List<String> WARM_USERS = IntStream.rangeClosed(1, 40).mapToObj(n -> "user_" + n).toList();
    /** A user no test predicts before the outage: their vector is in no store, so scoring them needs PostgreSQL. */
    private static final String COLD_USER = "user_290";

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedRedisServer redis;
    private static TestServers servers;
    private static FaultPlatform platform;

    @BeforeAll
    static void serviceOnItsOwnPostgres(Vertx vertx, TestServers shared, @TempDir Path dir) throws Exception {
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
        DatabaseUrl admin = DatabaseUrl.parse(postgres.url("postgres"));
        TestDatabase.of(admin).execute("CREATE DATABASE roi");
        Migrations.apply(admin.withDatabase("roi"));
        // Redis of its own too: the shared one holds other classes' vectors under the same user ids.
        redis = EmbeddedRedisServer.start(0);
        servers = new TestServers(admin.withDatabase("roi"), redis, shared.kafkaBootstrapServers(), "postgres_outage");
        FaultPlatform.loadAndTrain(vertx, servers);
        platform = FaultPlatform.deploy(vertx, servers.config().json(), false);
    }

    /** The service stops first: its stop writes to PostgreSQL and Redis. */
    @AfterAll
    static void stopServiceThenServers(Vertx vertx) throws Exception {
        FaultPlatform.undeployAll(vertx);
        redis.stop();
        postgres.close();
    }

    @Test
    @DisplayName("online-store predictions keep answering 200, the rest answers 503 naming postgres with Retry-After, "
            + "nothing acknowledged is lost, health says degraded, and everything recovers by itself")
    void outageUnderLoad() throws Exception {
        for (String user : WARM_USERS) {
            assertThat(platform.predict(user).status()).isEqualTo(200);
        }
        String tenant = "acme";
        Set<UUID> acknowledged;
        long recoveredMillis;
        long healthyMillis;
        try (OutageLoad load = OutageLoad.start(platform, WARM_USERS, tenant)) {
            await("load before the outage").atMost(Duration.ofSeconds(30))
                    .until(() -> load.predictions("before", 200) >= 50 && load.intake("before", 202) >= 5);

            load.phase("down");
            postgres.stop();
            long downSince = System.nanoTime();

            FaultPlatform.Answer cold = platform.predict(COLD_USER);
            assertThat(cold.status()).as(cold.body().encode()).isEqualTo(503);
            assertThat(cold.retryAfter()).as("Retry-After on a prediction that needs PostgreSQL").isNotBlank();
            assertThat(cold.errorMessage()).contains("PostgreSQL");

            FaultPlatform.Answer events = platform.postEvents(new JsonArray().add(FaultPlatform.documentViewed(UUID.randomUUID(), "fault_user_x", tenant)));
            assertThat(events.status()).as(events.body().encode()).isEqualTo(503);
            assertThat(events.retryAfter()).as("Retry-After on event intake").isNotBlank();
            assertThat(events.errorMessage()).contains("PostgreSQL");

            FaultPlatform.Answer health = platform.health();
            assertThat(health.status()).as("a degraded service still answers what it can: not taken out of rotation").isEqualTo(200);
            assertThat(health.body().getString("status")).isEqualTo("degraded");
            JsonObject component = health.body().getJsonObject("components").getJsonObject("postgres");
            assertThat(component.getString("status")).as(component.encode()).isIn("DOWN", "DEGRADED");

            await("the outage lasts " + OUTAGE.toSeconds() + " s under load").atMost(OUTAGE.plusSeconds(30))
                    .until(() -> System.nanoTime() - downSince >= OUTAGE.toNanos() && load.predictions("down", 200) >= 50);

            long restarting = System.nanoTime();
            postgres.restart();
            load.phase("after");
            long restarted = System.nanoTime();
            long restartMillis = (restarted - restarting) / 1_000_000;
            await("serving recovered by itself").atMost(RECOVERS_WITHIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(platform.predict(COLD_USER).status()).isEqualTo(200);
                assertThat(platform.postEvents(new JsonArray().add(FaultPlatform.documentViewed(UUID.randomUUID(), "fault_user_y", tenant))).status())
                        .isEqualTo(202);
            });
            recoveredMillis = (System.nanoTime() - restarted) / 1_000_000;
            // Health also waits for every component that writes to PostgreSQL in the background to have written again.
            await("health recovered by itself").atMost(HEALTHY_WITHIN).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(platform.health().body().getString("status")).isEqualTo("healthy"));
            healthyMillis = (System.nanoTime() - restarted) / 1_000_000;
            await("load after the recovery").atMost(Duration.ofSeconds(30))
                    .until(() -> load.predictions("after", 200) >= 50 && load.intake("after", 202) >= 5);
            load.close();

            log.info("PostgreSQL outage of {} s: {}; PostgreSQL restart took {} ms; after it accepted connections the service answered "
                    + "again within {} ms and health was healthy after {} ms", OUTAGE.toSeconds(), load.describe(), restartMillis, recoveredMillis,
                    healthyMillis);
            assertThat(load.predictions("down", 200)).as("online-store predictions answered during the outage").isGreaterThanOrEqualTo(50);
            assertThat(load.predictions("down", 500) + load.predictions("down", 503))
                    .as("online-store predictions refused during the outage: " + load.describe()).isZero();
            assertThat(load.intake("down", 503)).as("intake refused with 503 during the outage").isPositive();
            assertThat(load.unexpectedServerErrors()).as("5xx other than 503: " + load.describe()).isZero();
            acknowledged = load.acknowledged();
        }
        assertThat(recoveredMillis).isLessThan(RECOVERS_WITHIN.toMillis());

        String ids = String.join(",", acknowledged.stream().map(UUID::toString).toList());
        TestDatabase database = servers.jdbc();
        assertThat(database.count("SELECT count(*) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))", ids))
                .as("every acknowledged event stored exactly once").isEqualTo(acknowledged.size());
    }
}
