package com.roisystems.ml.ingest;

import com.roisystems.ml.bench.BenchmarkTraffic;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.simulate.KafkaTarget;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The simulated platform streamed through Kafka")
class SimulatedStreamTest {

    private static final SimulationParameters PARAMS = SimulationParameters.defaults().withUsers(150).withMonths(6).withSeed(9);
    private static final List<String> TABLES = List.of("document_access", "email_events", "platform_sessions", "page_views",
            "alert_events", "searches", "property_views", "property_valuations", "agent_assignments", "properties", "transactions", "market_data");

    @Test
    @DisplayName("arrives whole: every simulated event passes the contract and the tables equal a direct COPY load")
    void streamEqualsCopyLoad(Vertx vertx, TestServers servers) throws Exception {
        DatabaseUrl copied = RealServers.emptyDatabase("stream_reference");
        Migrations.apply(copied);
        Simulation.load(copied, PARAMS, false, Progress.NONE);

        JsonObject config = servers.config().json();
        String topic = config.getJsonObject("kafka").getString("activityTopic");
        Simulation.publish(servers.database(), PARAMS, false, new KafkaTarget(servers.kafkaBootstrapServers(), topic, 4, 0, 0), Progress.NONE);
        vertx.deployVerticle(KafkaIngestionVerticle.class.getName(),
                new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER)).await(60, TimeUnit.SECONDS);
        BenchmarkTraffic.awaitCommitted(servers.kafkaBootstrapServers(), topic, config.getJsonObject("kafka").getString("consumerGroup"),
                Duration.ofMinutes(3));

        assertThat(deadLetterReasons(servers.database())).isEmpty();
        for (String table : TABLES) {
            assertThat(count(servers.database(), table)).as(table).isEqualTo(count(copied, table));
        }
    }

    private static long count(DatabaseUrl database, String table) throws Exception {
        return TestDatabase.of(database).count("SELECT count(*) FROM " + table);
    }

    private static List<String> deadLetterReasons(DatabaseUrl database) throws Exception {
        return TestDatabase.of(database).query("SELECT event_type || ' ' || reason || ' ' || coalesce(field, '') FROM dead_letters LIMIT 20",
                rows -> rows.getString(1));
    }
}
