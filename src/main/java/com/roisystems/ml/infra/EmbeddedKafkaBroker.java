package com.roisystems.ml.infra;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), in this JVM, from
 * Kafka's own test kit. It listens on a fixed address so any Kafka client can publish to the engine.
 * Its log is deleted on close: it is a development broker; events that reached PostgreSQL are safe.
 *
 * <p>{@code try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start("127.0.0.1", 9092, dir)) { kafka.bootstrapServers(); }}
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the broker on {@code host:port} (a free port when 0), its log under {@code baseDirectory}. */
    public static EmbeddedKafkaBroker start(String host, int port, Path baseDirectory) throws Exception {
        int brokerPort = port > 0 ? port : EmbeddedRedisServer.freePort();
        int controllerPort = EmbeddedRedisServer.freePort();
        Files.createDirectories(baseDirectory);
        Path logDirectory = Files.createTempDirectory(baseDirectory, "kafka-");
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(logDirectory)
                .setPerServerProperties(Map.of(0, Map.of(
                        "listeners", "EXTERNAL://" + host + ":" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners", "EXTERNAL://" + host + ":" + brokerPort)))
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("num.partitions", "4")
                .setConfigProp("auto.create.topics.enable", "true")
                .setDeleteOnClose(true)
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        String bootstrap = host + ":" + brokerPort;
        log.info("Embedded Kafka broker (KRaft) listening on {}", bootstrap);
        return new EmbeddedKafkaBroker(cluster, bootstrap);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
