package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.ingest.IngestContract.EventStatus;
import com.roisystems.ml.ingest.IngestContract.IngestReply;
import com.roisystems.ml.ingest.IngestContract.IngestRequest;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Events and tenants: every event names its tenant, HTTP callers may send only their own, and no event crosses tenants. */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Intake of a tenant's events")
class IngestTenantTest {

    private static TestServers servers;

    @BeforeAll
    static void intake(Vertx vertx, TestServers testServers) throws Exception {
        servers = testServers;
        servers.jdbc().execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES "
                + "('t_acme', 'R1', '35_49', now(), 'acme'), ('t_globex', 'R1', '35_49', now(), 'globex')");
        vertx.deployVerticle(new IngestServiceVerticle(), new DeploymentOptions().setConfig(servers.config().json())).await(60, TimeUnit.SECONDS);
    }

    private static JsonObject viewed(String user) {
        return TestEvents.documentViewed(UUID.randomUUID(), user);
    }

    private static IngestReply send(Vertx vertx, String callerTenant, JsonObject... events) throws Exception {
        return Bus.request(vertx, IngestContract.EVENTS, new IngestRequest(DeadLetter.HTTP, new JsonArray(java.util.List.of((Object[]) events)), callerTenant))
                .await(30, TimeUnit.SECONDS);
    }

    private static long rows(String sql, Object... args) throws Exception {
        return servers.jdbc().count(sql, args);
    }

    @Test
    @DisplayName("over HTTP an event naming another tenant than the caller's is refused with 403 naming tenant_id, and nothing is stored")
    void anotherTenantIsForbidden(Vertx vertx) throws Exception {
        JsonObject own = viewed("t_acme");
        JsonObject foreign = viewed("t_acme").put("tenant_id", "globex");
        Future<IngestReply> reply = Bus.request(vertx, IngestContract.EVENTS, new IngestRequest(DeadLetter.HTTP, new JsonArray().add(own).add(foreign), "acme"));

        assertThatThrownBy(() -> reply.await(30, TimeUnit.SECONDS)).isNotNull();
        ServiceFailure failure = ServiceFailure.from(reply.cause(), IngestContract.SERVICE);
        assertThat(failure.code()).isEqualTo(FailureCode.FORBIDDEN);
        assertThat(failure.httpStatus()).isEqualTo(403);
        assertThat(failure.field()).isEqualTo("tenant_id");
        assertThat(rows("SELECT count(*) FROM document_access WHERE event_id IN (?::uuid, ?::uuid)", own.getString("event_id"), foreign.getString("event_id")))
                .isZero();
    }

    @Test
    @DisplayName("over HTTP an event without tenant_id takes the caller's, and its rows and ledger entry are stored under it")
    void missingTenantIsTheCallers(Vertx vertx) throws Exception {
        JsonObject event = viewed("t_acme");
        event.remove("tenant_id");
        IngestReply reply = send(vertx, "acme", event);

        assertThat(reply.accepted()).isEqualTo(1);
        assertThat(rows("SELECT count(*) FROM document_access WHERE event_id = ?::uuid AND tenant_id = 'acme'", event.getString("event_id"))).isEqualTo(1);
    }

    @Test
    @DisplayName("a platform-wide caller's event without tenant_id is rejected naming tenant_id and dead-lettered, belonging to no tenant")
    void platformWideEventsNameTheirTenant(Vertx vertx) throws Exception {
        JsonObject event = viewed("t_acme");
        event.remove("tenant_id");
        IngestReply reply = send(vertx, null, event);

        assertThat(reply.results().get(0).status()).isEqualTo(EventStatus.REJECTED);
        assertThat(reply.results().get(0).field()).isEqualTo("tenant_id");
        assertThat(rows("SELECT count(*) FROM dead_letters WHERE event_id = ? AND field = 'tenant_id' AND tenant_id = ?",
                event.getString("event_id"), DeadLetter.UNATTRIBUTED)).isEqualTo(1);
    }

    @Test
    @DisplayName("an event about another tenant's user, property or transaction is rejected as tenant_mismatch and dead-lettered under its own tenant")
    void eventsDoNotCrossTenants(Vertx vertx) throws Exception {
        JsonObject aboutGlobexUser = viewed("t_globex");
        JsonObject propertyOfGlobexUser = TestEvents.of("property.created", UUID.randomUUID(), "prop_t1", java.time.Instant.parse("2024-01-15T10:30:00Z"));
        propertyOfGlobexUser.getJsonObject("payload").put("owner_user_id", "t_globex");
        JsonObject ownUser = viewed("t_acme");
        IngestReply reply = send(vertx, "acme", aboutGlobexUser, propertyOfGlobexUser, ownUser);

        assertThat(reply.results()).extracting(IngestContract.EventResult::status)
                .containsExactly(EventStatus.REJECTED, EventStatus.REJECTED, EventStatus.ACCEPTED);
        assertThat(reply.results().get(0).reason()).startsWith(Rejection.TENANT_MISMATCH).contains("t_globex");
        assertThat(reply.results().get(0).field()).isEqualTo("tenant_id");
        assertThat(rows("SELECT count(*) FROM document_access WHERE user_id = 't_globex'")).isZero();
        assertThat(rows("SELECT count(*) FROM properties WHERE property_id = 'prop_t1'")).isZero();
        assertThat(rows("SELECT count(*) FROM dead_letters WHERE reason LIKE 'tenant_mismatch%' AND tenant_id = 'acme' AND event_id IN (?, ?)",
                aboutGlobexUser.getString("event_id"), propertyOfGlobexUser.getString("event_id"))).isEqualTo(2);
    }

    @Test
    @DisplayName("within one batch, a new user belongs to the first event naming it: a later event of another tenant about it is rejected")
    void oneBatchCannotSplitAUser(Vertx vertx) throws Exception {
        JsonObject registered = TestEvents.of("user.registered", UUID.randomUUID(), "t_new", java.time.Instant.parse("2024-01-15T10:30:00Z"))
                .put("tenant_id", "globex");
        JsonObject acmeActivity = viewed("t_new");
        IngestReply reply = send(vertx, null, registered, acmeActivity);

        assertThat(reply.results()).extracting(IngestContract.EventResult::status).containsExactly(EventStatus.ACCEPTED, EventStatus.REJECTED);
        assertThat(rows("SELECT count(*) FROM users WHERE user_id = 't_new' AND tenant_id = 'globex'")).isEqualTo(1);
    }

    @Test
    @DisplayName("from Kafka an event without tenant_id is dead-lettered with a reason naming tenant_id; one with it is stored under it")
    void kafkaEventsNeedATenant(Vertx vertx) throws Exception {
        JsonObject config = servers.config().json();
        String topic = config.getJsonObject("kafka").getString("activityTopic");
        JsonObject withoutTenant = viewed("t_acme");
        withoutTenant.remove("tenant_id");
        JsonObject withTenant = viewed("t_acme");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (JsonObject event : java.util.List.of(withoutTenant, withTenant)) {
                producer.send(new ProducerRecord<>(topic, "t_acme", event.encode().getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
        }
        vertx.deployVerticle(KafkaIngestionVerticle.class.getName(),
                new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER)).await(60, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rows("SELECT count(*) FROM dead_letters WHERE source = 'KAFKA' "
                + "AND event_id = ? AND field = 'tenant_id' AND reason LIKE '%tenant_id%'", withoutTenant.getString("event_id"))).isEqualTo(1));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rows("SELECT count(*) FROM document_access "
                + "WHERE event_id = ?::uuid AND tenant_id = 'acme'", withTenant.getString("event_id"))).isEqualTo(1));
    }
}
