package com.roisystems.ml.bench;

import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.cli.UsageException;
import com.roisystems.ml.config.AppConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #18's three-node test: three engine JVMs (child processes, -Xmx512m each) in one Hazelcast cluster on one set
 * of embedded servers the scenario owns (never the shared test servers: it needs its own topic, group and database),
 * a producer publishing to Kafka, prediction clients on every node, a WebSocket subscriber on node 1 for users whose
 * events are posted to node 0, a promotion through node 0, kill -9 of node 2 mid-stream, then counts from the database.
 */
@DisplayName("Three nodes in one cluster, one killed mid-stream")
class ThreeNodeClusterTest {

    @Test
    @DisplayName("nothing is lost or stored twice, the push crosses nodes, the promotion reaches every node, every answer is logged")
    void threeNodesOneKilled(@TempDir Path dir) throws Exception {
        JsonObject figures = ClusterScenario.run(AppConfig.of(new JsonObject()), new ClusterScenario.Plan(3, 30_000, 1_000, 300, 20, 5),
                dir, dir.resolve("console"));

        assertThat(figures.getLong("events_sent")).as("every event acknowledged by the broker").isEqualTo(30_000);
        assertThat(figures.getLong("events_lost")).isZero();
        assertThat(figures.getLong("events_duplicated")).isZero();
        assertThat(figures.getLong("events_dead_lettered")).isZero();
        assertThat(figures.getLong("cross_node_pushes")).as("a push for each followed user, subscribed on node 1, ingested on node 0").isEqualTo(5);
        assertThat(figures.getJsonArray("promotion_swap_ms_per_node")).as("the promoted version served by every node").hasSize(3);
        assertThat(figures.getLong("promotion_non_200")).as("no node answered without a model while swapping").isZero();
        assertThat(figures.getString("rejoined_node_serves")).isEqualTo(figures.getString("promoted_version"));
        assertThat(figures.getLong("partitions_moved")).as("the killed node held partitions, and they moved").isPositive();
        assertThat(figures.getDouble("failover_s")).isGreaterThanOrEqualTo(figures.getDouble("failover_reassigned_s"));
        assertThat(figures.getLong("predictions_answered")).isPositive();
        assertThat(figures.getLong("predictions_lost")).as("every answered prediction is in ml_predictions").isZero();
        JsonArray perNode = figures.getJsonArray("per_node");
        for (int node = 0; node < 3; node++) {
            assertThat(perNode.getJsonObject(node).getLong("predictions_answered")).as("node %d answered its clients", node).isPositive();
        }
    }

    @Test
    @DisplayName("bench cluster refuses fewer than two nodes, naming --nodes")
    void fewerThanTwoNodesIsAUsageError() {
        CommandLine one = CommandLine.parse(List.of("cluster", "--nodes", "1"), BenchCommand.VALUE_OPTIONS, Set.of());

        assertThatThrownBy(() -> ClusterBenchmark.plan(one)).isInstanceOf(UsageException.class).hasMessageContaining("--nodes");
        assertThat(ClusterBenchmark.plan(CommandLine.parse(List.of("cluster", "--nodes", "2"), BenchCommand.VALUE_OPTIONS, Set.of()))
                .nodes()).isEqualTo(2);
    }
}
