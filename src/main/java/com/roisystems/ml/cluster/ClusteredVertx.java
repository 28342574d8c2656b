package com.roisystems.ml.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Vert.x instance that joins the cluster of {@link ClusterSettings}: Hazelcast finds the members by TCP/IP,
 * the event bus listens on {@code cluster.host}:{@code cluster.busPort} and tells the others to reach it at
 * {@code cluster.publicHost}. Closing the instance leaves the cluster cleanly: its subscriptions are removed before
 * Hazelcast shuts down, so no member routes a request to it afterwards.
 *
 * <p>{@code Future<Vertx> vertx = ClusteredVertx.start(Vertx.builder().with(options), settings);}
 */
public final class ClusteredVertx {

    private static final Logger log = LoggerFactory.getLogger(ClusteredVertx.class);

    private ClusteredVertx() {
    }

    /**
     * Joins the cluster with {@code builder}'s options (metrics and the like), the event-bus addresses set from
     * {@code settings}. Fails when the cluster manager cannot start (a port taken, an unresolvable host).
     */
    public static Future<Vertx> start(VertxBuilder builder, VertxOptions options, ClusterSettings settings) {
        options.getEventBusOptions()
                .setHost(settings.host())
                .setPort(settings.busPort())
                .setClusterPublicHost(settings.publicHost());
        HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastConfigs.of(settings));
        return builder.with(options).withClusterManager(manager).buildClustered()
                .onSuccess(vertx -> log.info("Joined cluster '{}' as node {} ({} member(s); Hazelcast on {}:{}+, members {})",
                        settings.name(), manager.getNodeId(), manager.getNodes().size(), settings.publicHost(),
                        settings.port(), settings.members()));
    }
}
