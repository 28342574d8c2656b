package com.roisystems.ml.ingest;

import com.roisystems.ml.bench.BenchmarkTraffic;
import com.roisystems.ml.bus.ActivityIngested;
import com.roisystems.ml.testing.RealServers;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Kafka ingestion")
class KafkaIngestionTest {

    @Test
    @DisplayName("stores exactly the valid unique events of 50,000 records with duplicates and poison, dead-letters each invalid one, and commits to the end")
    void ingestsExactlyOnceInEffect(Vertx vertx, TestServers servers) throws Exception {
        JsonObject config = servers.config().json();
        String topic = config.getJsonObject("kafka").getString("activityTopic");
        String group = config.getJsonObject("kafka").getString("consumerGroup");
        config.getJsonObject("ingest").put("maxBatchEvents", 2_000);
        KafkaTestTraffic traffic = KafkaTestTraffic.generate(50_000, 7);
        traffic.produce(servers.kafkaBootstrapServers(), topic);
        AtomicInteger notifications = new AtomicInteger();
        vertx.eventBus().<JsonObject>consumer(ActivityIngested.ADDRESS, message -> notifications.incrementAndGet());

        vertx.deployVerticle(KafkaIngestionVerticle.class.getName(),
                new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER)).await(60, TimeUnit.SECONDS);
        awaitCommitted(servers.kafkaBootstrapServers(), topic, group, Duration.ofMinutes(3));

        assertThat(traffic.duplicates).isGreaterThan(1_000);
        assertThat(traffic.invalid).isGreaterThan(1_000);
        assertThat(servers.jdbc().count("SELECT (SELECT count(*) FROM document_access) + (SELECT count(*) FROM email_events)"
                + " + (SELECT count(*) FROM page_views) + (SELECT count(*) FROM searches) + (SELECT count(*) FROM alert_events)"
                + " + (SELECT count(*) FROM property_views)")).isEqualTo(traffic.uniqueValid);
        assertThat(servers.jdbc().count("SELECT count(*) FROM dead_letters WHERE source = 'KAFKA'")).isEqualTo(traffic.invalid);
        assertThat(servers.jdbc().count("SELECT count(*) FROM dead_letters WHERE source = 'KAFKA' AND (reason = '' OR topic IS NULL OR kafka_offset IS NULL)")).isZero();
        assertThat(servers.jdbc().count("SELECT count(DISTINCT split_part(reason, ':', 1)) FROM dead_letters")).isGreaterThanOrEqualTo(3);
        assertThat(notifications.get()).isPositive();
    }

    static void awaitCommitted(String bootstrap, String topic, String group, Duration timeout) throws Exception {
        BenchmarkTraffic.awaitCommitted(bootstrap, topic, group, timeout);
    }
}
