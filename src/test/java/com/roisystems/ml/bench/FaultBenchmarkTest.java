package com.roisystems.ml.bench;

import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RealServers.class)
@DisplayName("bench faults: the fault-injection suite and its counting")
class FaultBenchmarkTest {

    @Test
    @DisplayName("the event counter finds an event stored twice and an event never stored")
    void eventCounterSeesDuplicatesAndLosses(TestServers servers) throws Exception {
        List<FaultEvents.Owner> owners = List.of(new FaultEvents.Owner("user_1", "acme"));
        FaultEvents events = new FaultEvents(99, 10, owners);
        try (Connection connection = servers.jdbc().connect(); Statement statement = connection.createStatement()) {
            // One transaction, rolled back: the shared database keeps neither the scratch tables nor the dead letter.
            connection.setAutoCommit(false);
            // No primary key, unlike the real activity tables: a duplicate can be written, so the counter can be shown one.
            statement.execute("CREATE TABLE fault_count_a (event_id uuid NOT NULL)");
            statement.execute("CREATE TABLE fault_count_b (event_id uuid NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO fault_count_a VALUES (?)")) {
                for (long i = 0; i < 10; i++) {
                    if (i != 3) {
                        insert.setObject(1, events.eventId(i));
                        insert.addBatch();
                    }
                }
                insert.setObject(1, events.eventId(5));
                insert.addBatch();
                insert.executeBatch();
            }
            statement.execute("INSERT INTO fault_count_b VALUES ('" + events.eventId(7) + "'), ('" + new FaultEvents(98, 10, owners).eventId(3) + "')");
            statement.execute("INSERT INTO dead_letters (source, event_id, reason, raw, tenant_id) VALUES ('HTTP', '" + events.eventId(3)
                    + "', 'test', '\\x00', 'acme'), ('HTTP', '" + new FaultEvents(98, 10, owners).eventId(4) + "', 'test', '\\x00', 'acme')");

            DeliveryCount.EventTally tally = DeliveryCount.events(connection, List.of("fault_count_a", "fault_count_b"),
                    events.firstId(), events.lastId(), 10);

            assertThat(tally.lost()).as("event 3 was never stored").isEqualTo(1);
            assertThat(tally.duplicated()).as("event 5 twice in one table, event 7 in two tables").isEqualTo(2);
            assertThat(tally.distinct()).as("another run's event is not counted").isEqualTo(9);
            assertThat(tally.deadLettered()).as("event 3 was dead-lettered; another run's letter is not counted").isEqualTo(1);
            connection.rollback();
        }
    }

    @Test
    @DisplayName("the prediction counter finds an answered prediction missing from the log")
    void predictionCounterSeesLosses(TestServers servers) throws Exception {
        try (Connection connection = servers.jdbc().connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("""
                    INSERT INTO ml_predictions (prediction_id, entity_type, entity_id, prediction_type, model_name, model_version,
                        request, features_used, latency_ms, created_at, tenant_id)
                    VALUES ('fault-count-1', 'USER', 'user_1', 'MOVE_PROBABILITY', 'm', 1, '{}', '{}', 1, now(), 'acme'),
                           ('fault-count-2', 'USER', 'user_1', 'MOVE_PROBABILITY', 'm', 1, '{}', '{}', 1, now(), 'acme')
                    """);

            DeliveryCount.PredictionTally tally = DeliveryCount.predictions(connection,
                    List.of("fault-count-1", "fault-count-2", "fault-count-never-logged"));

            assertThat(tally.answered()).isEqualTo(3);
            assertThat(tally.logged()).isEqualTo(2);
            assertThat(tally.lost()).isEqualTo(1);
            connection.rollback();
        }
    }

    @Test
    @DisplayName("hostile requests reach every route of the contract, and none is valid by accident")
    void hostileRequestsCoverEveryRoute() {
        List<HostileRequests.Request> requests = HostileRequests.generate(2_000, 7, "aaa.bbb.ccc");

        assertThat(requests.stream().map(HostileRequests.Request::route).distinct().count()).isEqualTo(HostileRequests.routeCount());
        assertThat(HostileRequests.routeCount()).isGreaterThan(30);
        assertThat(requests.stream().map(HostileRequests.Request::kind).distinct()).contains("control-chars", "injection",
                "wrong-types", "malformed-utf8", "deeply-nested", "huge", "bad-token", "no-token");
        assertThat(requests).filteredOn(request -> request.route().equals("POST /v1/admin/pipeline/runs") && request.body() != null)
                .allSatisfy(request -> assertThat(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8)).isNotEqualTo("{}"));
    }

    @Test
    @DisplayName("a small run (one kill -9, outages, hostile input) stores every acknowledged event once and ends healthy")
    void smallRun(@TempDir Path dir) throws Exception {
        JsonObject figures = FaultBenchmark.run(AppConfig.of(new JsonObject()),
                new FaultBenchmark.Plan(20_000, 2_000, 1, 600, 300, 50), dir, dir.resolve("service-console.log"));

        assertThat(figures.getLong("events_sent")).isEqualTo(20_000);
        assertThat(figures.getLong("events_lost")).isZero();
        assertThat(figures.getLong("events_duplicated")).isZero();
        assertThat(figures.getLong("events_dead_lettered")).isZero();
        assertThat(figures.getLong("predictions_answered")).isPositive();
        assertThat(figures.getLong("predictions_logged")).isLessThanOrEqualTo(figures.getLong("predictions_answered"));
        assertThat(figures.getLong("http_5xx_hostile")).as("hostile input never answers 5xx").isZero();
        assertThat(figures.getLong("ws_server_errors_hostile")).isZero();
        assertThat(figures.getBoolean("alive_after_hostile")).isTrue();
        assertThat(figures.getString("health_end")).isEqualTo("healthy");
        assertThat(figures.getJsonArray("restart_s")).hasSize(1);
    }
}
