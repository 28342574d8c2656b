package com.roisystems.ml.privacy;

import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Retention")
class RetentionJobTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    /** {@code old} rows just outside each window and {@code fresh} rows just inside it, in every kind of table. */
    private static void seed(TestServers servers, int old, int fresh) throws Exception {
        var jdbc = servers.jdbc();
        for (int i = 0; i < old + fresh; i++) {
            boolean isOld = i < old;
            jdbc.execute("INSERT INTO page_views (event_id, user_id, page, occurred_at, tenant_id) VALUES (?::uuid, 'user_r', '/home', ?, 'acme')",
                    UUID.randomUUID().toString(), isOld ? daysAgo(31) : daysAgo(29));
            jdbc.execute("INSERT INTO ingested_events (event_id, event_type, entity_id, occurred_at, source, tenant_id) VALUES (?::uuid, 'page.viewed', 'user_r', ?, 'HTTP', 'acme')",
                    UUID.randomUUID().toString(), isOld ? daysAgo(31) : daysAgo(29));
            jdbc.execute("""
                    INSERT INTO ml_predictions (prediction_id, entity_type, entity_id, prediction_type, model_name, model_version, request,
                        features_used, latency_ms, created_at, tenant_id)
                    VALUES (?, 'USER', 'user_r', 'MOVE_PROBABILITY', 'move_probability_model', 1, '{}', '{}', 1.0, ?, 'acme')""",
                    UUID.randomUUID().toString(), isOld ? daysAgo(61) : daysAgo(59));
            jdbc.execute("INSERT INTO dead_letters (source, reason, raw, received_at, tenant_id) VALUES ('HTTP', 'invalid', '\\x7b7d', ?, 'acme')",
                    isOld ? daysAgo(8) : daysAgo(6));
            jdbc.execute("INSERT INTO audit_log (at, actor, roles, action, outcome) VALUES (?, 'alice', '{admin}', 'GET /v1/admin/models', 200)",
                    isOld ? daysAgo(366) : daysAgo(364));
        }
    }

    @Test
    @DisplayName("deletes rows older than each window in small batches, keeps newer ones, answers and logs the counts per table")
    void deletesOnlyWhatIsOlder(Vertx vertx, TestServers servers) throws Exception {
        seed(servers, 5, 3);
        RetentionPolicy policy = RetentionPolicy.fromJson(new JsonObject().put("activityDays", 30).put("predictionsDays", 60)
                .put("deadLettersDays", 7).put("auditDays", 365).put("batchRows", 2));
        Map<String, Long> deleted = new RetentionJob(PgPools.shared(vertx, servers.config().json()), policy).apply(NOW).await(30, TimeUnit.SECONDS);

        assertThat(deleted).containsEntry("page_views", 5L).containsEntry("ingested_events", 5L).containsEntry("ml_predictions", 5L)
                .containsEntry("dead_letters", 5L).containsEntry("audit_log", 5L);
        assertThat(deleted).as("every activity table is covered, found by its columns").containsKeys("document_access", "email_events",
                "platform_sessions", "alert_events", "searches", "property_views");
        var jdbc = servers.jdbc();
        assertThat(jdbc.count("SELECT count(*) FROM page_views WHERE user_id = 'user_r'")).isEqualTo(3);
        assertThat(jdbc.count("SELECT count(*) FROM ingested_events WHERE entity_id = 'user_r'")).isEqualTo(3);
        assertThat(jdbc.count("SELECT count(*) FROM ml_predictions WHERE entity_id = 'user_r'")).isEqualTo(3);
        assertThat(jdbc.count("SELECT count(*) FROM dead_letters")).isEqualTo(3);
        assertThat(jdbc.count("SELECT count(*) FROM audit_log")).isEqualTo(3);
        assertThatThrownBy(() -> jdbc.execute("DELETE FROM audit_log")).as("the audit trail is append-only again after the job")
                .hasMessageContaining("append-only");

        Map<String, Long> again = new RetentionJob(PgPools.shared(vertx, servers.config().json()), policy).apply(NOW).await(30, TimeUnit.SECONDS);
        assertThat(again.values()).allMatch(rows -> rows == 0);
    }

    @Test
    @DisplayName("0 days keeps that kind forever; a negative value is refused naming its key")
    void zeroKeepsForever() {
        RetentionPolicy keep = RetentionPolicy.fromJson(new JsonObject().put("activityDays", 0).put("predictionsDays", 10));
        assertThat(keep.activityDays()).isZero();
        assertThat(keep.batchRows()).isEqualTo(RetentionPolicy.DEFAULT_BATCH_ROWS);
        assertThatThrownBy(() -> RetentionPolicy.fromJson(new JsonObject().put("auditDays", -1))).hasMessageStartingWith("retention.auditDays");
    }

    @Test
    @DisplayName("the shipped configuration reads")
    void shippedConfiguration() {
        RetentionPolicy shipped = RetentionPolicy.fromJson(com.roisystems.ml.config.AppConfig.of(new JsonObject()).section("retention"));
        assertThat(shipped.activityDays()).isPositive();
        assertThat(shipped.auditDays()).isPositive();
    }
}
