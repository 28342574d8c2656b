package com.roisystems.ml.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;

/**
 * The Hazelcast member configuration of a node, built in code from {@link ClusterSettings} rather than from an XML
 * file found on the class path: TCP/IP join with the listed members and nothing else (no multicast, which containers
 * and clouds lack; no cloud discovery), the cluster name, the bind and public addresses, and the maps Vert.x keeps its
 * subscriptions and node information in (as Vert.x's own {@code default-cluster.xml}, one backup each).
 *
 * <p>{@code Config hazelcast = HazelcastConfigs.of(ClusterSettings.from(config));}
 */
public final class HazelcastConfigs {

    /** How many ports after {@code cluster.port} a member tries when it is taken (several nodes on one host). */
    static final int PORT_COUNT = 20;

    private HazelcastConfigs() {
    }

    public static Config of(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.name());
        config.setInstanceName("roi-engine-" + settings.name() + "-" + settings.publicHost() + "-" + settings.port()
                + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        // Hazelcast's own phone-home and its JVM shutdown hook: the service leaves the cluster in its own shutdown
        // sequence (Vert.x closes the cluster manager), after the HTTP and intake have drained.
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // A member that stops answering is taken out after this long (default 60 s): its subscriptions, and with them
        // the requests routed to it, move to the other nodes sooner.
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
        // Addresses as properties, not NetworkConfig.setPublicAddress: a public address without a port takes the port
        // the member really bound (the next one when cluster.port is taken), and Vert.x reads the same two properties.
        config.setProperty("hazelcast.local.localAddress", settings.host());
        config.setProperty("hazelcast.local.publicAddress", settings.publicHost());
        config.setProperty("hazelcast.socket.bind.any", "false");

        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());

        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
        return config;
    }
}
