package com.roisystems.ml.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * N engine JVMs as one cluster on one set of servers: each a {@link ServiceProcess} ({@code serve}) with its own HTTP
 * port, data directory (its prediction journal) and Hazelcast member port, all given the same cluster name — one of this
 * run only, so another cluster on the machine is never joined — and the same member list (TCP/IP join, no multicast).
 * Node 0 is the first; {@link #node} numbers them in that order.
 *
 * <p>{@code try (ClusterNodes nodes = ClusterNodes.create(3, serverEnvironment, configFile, dir, consoleDir, token, "512m")) { nodes.startAll(); }}
 */
final class ClusterNodes implements AutoCloseable {

    private final List<ServiceProcess> nodes;

    private ClusterNodes(List<ServiceProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Prepares {@code count} nodes: {@code environment} names the servers and the auth key; each node's data lives under
     * {@code dir/node-i}, its console output goes to {@code consoleDir/node-i.log}. Nothing runs until {@link #startAll}.
     */
    static ClusterNodes create(int count, Map<String, String> environment, Path configFile, Path dir, Path consoleDir, String token,
                               String maxHeap) throws IOException {
        Files.createDirectories(consoleDir);
        String clusterName = "roi-bench-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> httpPorts = new ArrayList<>();
        List<Integer> memberPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            httpPorts.add(FaultBenchmark.freePort());
            memberPorts.add(FaultBenchmark.freePort());
        }
        String members = memberPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        List<ServiceProcess> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> node = new HashMap<>(environment);
            node.put("HTTP_HOST", "127.0.0.1");
            node.put("HTTP_PORT", String.valueOf(httpPorts.get(i)));
            node.put("DATA_DIR", dir.resolve("node-" + i).toString());
            node.put("CLUSTER_ENABLED", "true");
            node.put("CLUSTER_NAME", clusterName);
            node.put("CLUSTER_HOST", "127.0.0.1");
            node.put("CLUSTER_PORT", String.valueOf(memberPorts.get(i)));
            node.put("CLUSTER_MEMBERS", members);
            nodes.add(new ServiceProcess(node, configFile, consoleDir.resolve("node-" + i + ".log"), dir.resolve("node-" + i + "-logs"),
                    httpPorts.get(i), token, maxHeap));
        }
        return new ClusterNodes(nodes);
    }

    /** Launches every node at once (they find each other as they come up), then waits for each; returns their start times. */
    List<ServiceProcess.Restart> startAll() throws IOException, InterruptedException {
        for (ServiceProcess node : nodes) {
            node.launch();
        }
        List<ServiceProcess.Restart> started = new ArrayList<>();
        for (ServiceProcess node : nodes) {
            started.add(node.awaitReady());
        }
        return started;
    }

    ServiceProcess node(int index) {
        return nodes.get(index);
    }

    int size() {
        return nodes.size();
    }

    List<Integer> ports() {
        return nodes.stream().map(ServiceProcess::port).toList();
    }

    /** Stops every node still running, side by side (SIGTERM: each leaves the cluster and its consumer group gracefully). */
    @Override
    public void close() throws InterruptedException {
        nodes.forEach(ServiceProcess::terminate);
        for (ServiceProcess node : nodes) {
            node.awaitExit();
        }
    }
}
