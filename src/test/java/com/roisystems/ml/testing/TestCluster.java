package com.roisystems.ml.testing;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.cluster.ClusterSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Several clustered Vert.x instances in this JVM, each one a node of its own Hazelcast member, joined by TCP/IP on
 * free ports under a cluster name of its own (tests of other processes on this host never join it). Built the way
 * {@code serve} builds a node ({@link ServiceRuntime#createClusteredVertx}).
 *
 * <p>{@code try (TestCluster cluster = TestCluster.start(2)) { Vertx a = cluster.node(0), b = cluster.node(1); ... }}
 */
public final class TestCluster implements AutoCloseable {

    private final List<Vertx> nodes;
    private final ClusterSettings settings;

    private TestCluster(List<Vertx> nodes, ClusterSettings settings) {
        this.nodes = nodes;
        this.settings = settings;
    }

    /** Starts {@code size} nodes, in parallel, and returns once all have joined one another. */
    public static TestCluster start(int size) throws Exception {
        String name = "test-" + UUID.randomUUID();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(freePort());
        }
        List<String> members = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        List<Future<Vertx>> starting = IntStream.range(0, size)
                .mapToObj(i -> ServiceRuntime.createClusteredVertx(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        settings(name, ports.get(i), members)))
                .toList();
        List<Vertx> nodes = new ArrayList<>();
        Exception failure = null;
        for (Future<Vertx> node : starting) {
            try {
                nodes.add(Blocking.await(node, Duration.ofMinutes(1)));
            } catch (Exception e) {
                failure = e;
            }
        }
        TestCluster cluster = new TestCluster(nodes, settings(name, ports.get(0), members));
        if (failure != null) {
            cluster.close();
            throw failure;
        }
        return cluster;
    }

    /** The settings a node of this cluster is started with ({@code cluster.*} as serve reads them). */
    public static ClusterSettings settings(String name, int port, List<String> members) {
        return new ClusterSettings(true, name, "127.0.0.1", "127.0.0.1", port, 0, members);
    }

    public Vertx node(int index) {
        return nodes.get(index);
    }

    public int size() {
        return nodes.size();
    }

    public String name() {
        return settings.name();
    }

    /** Closes one node as {@code serve} does on SIGTERM: it leaves the cluster. */
    public void leave(int index) throws Exception {
        Blocking.await(nodes.get(index).close(), Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        for (Vertx node : nodes) {
            try {
                Blocking.await(node.close(), Duration.ofSeconds(30));
            } catch (Exception e) {
                // already closed (a node the test made leave) or closing anyway: nothing left to release
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
