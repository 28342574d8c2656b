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
 * <p>{@link #stop()} and {@link #restart()} take the broker down and bring it back in the same JVM — same address,
 * controller port, log directory, cluster id and node id, so topics and committed offsets survive — for tests and
 * the fault bench that show clients riding out a broker outage.
 *
 * <p>{@code try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start("127.0.0.1", 9092, dir)) { kafka.stop(); kafka.restart(); }}
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;

    private final KafkaConfig config;
    private final String bootstrapServers;
    private final String logDirectory;
    /** Null while stopped. */
    private KafkaRaftServer server;
    private ShutdownSequence.Step shutdownStep;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaConfig config, String bootstrapServers, String logDirectory) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.logDirectory = logDirectory;
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

        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config, host + ":" + brokerPort, logDir);
        broker.launch();
        return broker;
    }

    /** Starts the server from the kept configuration and waits until it answers a metadata request. */
    private synchronized void launch() throws Exception {
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        started.startup();
        server = started;
        // A broker stopped cleanly writes its clean-shutdown marker: the next start skips log recovery.
        shutdownStep = ShutdownSequence.register(ShutdownSequence.Phase.SERVERS, "embedded Kafka", this::close);
        awaitReady(bootstrapServers);
        log.info("Embedded Kafka broker (KRaft) listening on {} with its log in {}", bootstrapServers, logDirectory);
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

    /** Whether the broker is running (started and not stopped). */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Shuts the broker down cleanly and frees its ports; the log directory stays for {@link #restart()}.
     * Stopping a stopped broker does nothing.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        shutdownStep.cancel();
        shutdownStep = null;
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Embedded Kafka broker on {} stopped", bootstrapServers);
    }

    /**
     * Starts the broker again on the same address and log directory (stopping it first when running) and returns
     * once it answers clients: topics, records and committed offsets are those it had.
     */
    public synchronized void restart() throws Exception {
        if (closed) {
            throw new IllegalStateException("embedded Kafka broker on " + bootstrapServers + " was closed");
        }
        stop();
        launch();
    }

    /** Stops the broker for good; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }
}
