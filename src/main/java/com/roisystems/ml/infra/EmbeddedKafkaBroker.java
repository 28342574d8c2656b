package com.roisystems.ml.infra;

import java.io.IOException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller) running in this JVM,
 * from Kafka's own server classes. It listens on a fixed address (default 127.0.0.1:9092) so any Kafka
 * client can publish to the engine, and keeps its log under the data directory across restarts.
 *
 * <p>{@code try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start("127.0.0.1", 9092, dir)) { kafka.bootstrapServers(); }}
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final ShutdownSequence.Step shutdownStep;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        // A broker stopped cleanly writes its clean-shutdown marker: the next start skips log recovery.
        this.shutdownStep = ShutdownSequence.register(ShutdownSequence.Phase.SERVERS, "embedded Kafka", this::close);
    }

    /** Starts the broker on {@code host:port} (a free port when 0), its log under {@code logDirectory}. */
    public static EmbeddedKafkaBroker start(String host, int port, Path logDirectory) throws Exception {
        int brokerPort = port > 0 ? port : EmbeddedRedisServer.freePort();
        int controllerPort = EmbeddedRedisServer.freePort();
        Files.createDirectories(logDirectory);
        String logDir = logDirectory.toAbsolutePath().toString();

        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // A consumer joining an empty group starts at once instead of waiting 3 s for others.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "4");
        props.put("auto.create.topics.enable", "true");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        KafkaConfig config = KafkaConfig.fromProps(props);

        new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(clusterId(logDirectory))
                .addDirectory(logDir)
                .setMetadataLogDirectory(logDir)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setControllerListenerName("CONTROLLER")
                .setIgnoreFormatted(true)
                .run();

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = host + ":" + brokerPort;
        awaitReady(bootstrap);
        log.info("Embedded Kafka broker (KRaft) listening on {} with its log in {}", bootstrap, logDir);
        return new EmbeddedKafkaBroker(server, bootstrap);
    }

    /** The id the log was formatted with, so a restart on the same data directory is the same cluster. */
    private static String clusterId(Path logDirectory) throws IOException {
        Path meta = logDirectory.resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties properties = new Properties();
            try (var in = Files.newInputStream(meta)) {
                properties.load(in);
            }
            String existing = properties.getProperty("cluster.id");
            if (existing != null && !existing.isBlank()) {
                return existing;
            }
        }
        return Uuid.randomUuid().toString();
    }

    private static void awaitReady(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdownStep.cancel();
        server.shutdown();
        server.awaitShutdown();
    }
}
