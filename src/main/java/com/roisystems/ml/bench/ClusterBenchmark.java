package com.roisystems.ml.bench;

import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.cli.UsageException;
import com.roisystems.ml.config.AppConfig;
import ch.qos.logback.classic.Level;
import io.vertx.core.json.JsonObject;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bench cluster --nodes N}: issue #18's scenario ({@link ClusterScenario}) with N engine JVMs in one cluster —
 * events lost and duplicated across a kill -9, cross-node WebSocket push latency, promotion propagation, Kafka failover.
 * Exits 1 when an event or an answered prediction was lost or an event stored twice. Its own servers, always (it kills
 * a node; the counts must be of this run alone). On a small machine the nodes share the cores: it measures correctness
 * and the cost of coordination, not a speed-up.
 */
public final class ClusterBenchmark implements BenchCommand.Benchmark {

    static final int MAX_NODES = 8;
    private static final int PUSHES = 20;

    @Override
    public String summary() {
        return "N nodes in one cluster, kill -9 of one: events lost/duplicated, cross-node push p95, promotion propagation, failover s";
    }

    @Override
    public int run(AppConfig config, CommandLine line) throws Exception {
        ClusterScenario.Plan plan = plan(line);
        // The killed node's clients see their connections reset: expected, and counted as unanswered requests.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.vertx.core.net.impl.ConnectionBase")).setLevel(Level.OFF);
        Path dir = Files.createTempDirectory("roi-bench-cluster");
        try {
            Path consoleDir = Files.createDirectories(Path.of("logs", "bench-cluster"));
            JsonObject figures = ClusterScenario.run(config, plan, dir, consoleDir);
            return figures.getLong("events_lost") == 0 && figures.getLong("events_duplicated") == 0
                    && figures.getLong("predictions_lost") == 0 ? 0 : 1;
        } finally {
            BenchServers.deleteQuietly(dir);
        }
    }

    /** The plan from the options; a usage error names the option that is out of range. */
    static ClusterScenario.Plan plan(CommandLine line) {
        int nodes = line.integer("nodes", 3);
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new UsageException("bench cluster takes --nodes N with 2 <= N <= " + MAX_NODES + " (each node is a JVM with -Xmx"
                    + ClusterScenario.NODE_HEAP + " on this machine), got " + nodes);
        }
        ClusterScenario.Plan plan = new ClusterScenario.Plan(nodes, line.integer("events", 150_000), line.integer("rate", 2_500),
                line.integer("users", 1_000), line.integer("predict-rate", 50), PUSHES);
        if (plan.events() < 10_000 || plan.eventRate() < 100 || plan.users() < 200 || plan.predictRate() < 1 || plan.predictRate() > 1_000) {
            throw new UsageException("bench cluster takes --events >= 10000, --rate >= 100 (events/s), --users >= 200, "
                    + "--predict-rate 1..1000 (predictions/s per node)");
        }
        return plan;
    }
}
