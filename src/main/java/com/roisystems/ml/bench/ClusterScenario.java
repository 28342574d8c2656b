package com.roisystems.ml.bench;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import com.roisystems.ml.registry.ModelVersion;
import com.roisystems.ml.registry.Stage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three-node scenario of issue #18 for any N: N engine JVMs in one cluster ({@link ClusterNodes}) on one set of
 * servers the run owns ({@link BenchServers}: PostgreSQL, Redis, Kafka with a topic of 6 partitions, or one per node beyond 6,
 * consumed by one group across the nodes). While prediction clients call every node ({@link PredictionLoad}): (1) a WebSocket subscriber on node 1 follows users whose
 * events are posted to node 0, timed from post to push ({@link WebSocketPush}); (2) a model version is promoted through
 * node 0 and timed until every node serves it ({@link PromotionPropagation}); (3) a producer starts publishing events
 * to Kafka ({@link FaultEvents}), the last node is killed with SIGKILL a third of the way through, and its partitions are
 * timed until the survivors commit them ({@link PartitionFailover}); the stream ends and
 * is consumed to the end; the killed node is started again on its data directory (it rejoins and replays its journal).
 * Then the database is counted ({@link DeliveryCount}): events sent/stored/lost/duplicated and every answered
 * prediction found in {@code ml_predictions}.
 *
 * <p>{@code JsonObject figures = ClusterScenario.run(config, new Plan(3, 150_000, 2_500, 1_000, 50, 20), dir, consoleDir);}
 */
final class ClusterScenario {

    /** Partitions of the run's topic: 6, or one per node beyond that, so every node's consumer holds one. */
    static int partitions(int nodes) {
        return Math.max(6, nodes);
    }

    private static final String DATABASE = "roi_bench_cluster";
    private static final String TOPIC = "roi.bench.cluster.activity";
    private static final String GROUP = "roi-bench-cluster";
    /** Several nodes share one machine: each gets half of what {@code bench faults} gives its one service. */
    static final String NODE_HEAP = "512m";

    /** What one run is asked to do: {@code predictRate} per node; {@code pushes} users followed over the WebSocket. */
    record Plan(int nodes, long events, int eventRate, int users, int predictRate, int pushes) {
    }

    private ClusterScenario() {
    }

    /** Runs the scenario with servers and data under {@code dir}, each node's console output in {@code consoleDir}; returns the figures. */
    static JsonObject run(AppConfig config, Plan plan, Path dir, Path consoleDir) throws Exception {
        long started = System.nanoTime();
        BenchReport report = BenchReport.start("cluster");
        report.line("note: the %d nodes, the servers and the load generator share these %d cores: this run measures correctness and the "
                + "cost of coordination across nodes, not a speed-up (docs/scaling.md gives throughput per node)", plan.nodes(), BenchReport.cores());
        try (BenchServers own = BenchServers.start(dir, DATABASE)) {
            AppConfig servers = own.configure(PredictBenchmark.withSigningKey(config));
            report.line("%s", own.describe(dir));
            List<ModelVersion> versions = FaultBenchmark.prepare(servers, own.database(), plan.users(), report, "bench-cluster",
                    Stage.PRODUCTION, Stage.STAGING);
            BenchmarkTraffic.createTopic(own.kafka().bootstrapServers(), TOPIC, partitions(plan.nodes()));
            Path configFile = dir.resolve("service.json");
            Files.writeString(configFile, FaultBenchmark.serviceConfig(servers, TOPIC, GROUP).encodePrettily());
            String token = FaultBenchmark.token(servers, "bench-cluster");
            Map<String, String> environment = new HashMap<>(own.environment());
            environment.put("AUTH_ENABLED", "true");
            environment.put("AUTH_HMAC_SECRET", servers.string("auth.hmacSecret"));
            Vertx load = ServiceRuntime.createVertx();
            try (ClusterNodes nodes = ClusterNodes.create(plan.nodes(), environment, configFile, dir, consoleDir, token, NODE_HEAP);
                 PartitionFailover failover = PartitionFailover.watch(own.kafka().bootstrapServers(), TOPIC, GROUP)) {
                report.line("node console output: %s/node-*.log", consoleDir.toAbsolutePath());
                JsonObject figures = new ClusterRun(plan, report, own, nodes, failover, load, token, versions.get(1)).execute();
                figures.put("wall_s", BenchReport.round((System.nanoTime() - started) / 1e9));
                report.finish(figures);
                return figures;
            } finally {
                Blocking.await(load.close(), Duration.ofMinutes(1));
            }
        }
    }

    /** One run's phases and its counting; the servers, nodes and clients are fields, not parameters. */
    private static final class ClusterRun {
        private final Plan plan;
        private final BenchReport report;
        private final BenchServers servers;
        private final ClusterNodes nodes;
        private final PartitionFailover failover;
        private final Vertx load;
        private final String token;
        private final ModelVersion promoted;
        private final DatabaseUrl database;

        ClusterRun(Plan plan, BenchReport report, BenchServers servers, ClusterNodes nodes, PartitionFailover failover, Vertx load,
                   String token, ModelVersion promoted) {
            this.plan = plan;
            this.report = report;
            this.servers = servers;
            this.nodes = nodes;
            this.failover = failover;
            this.load = load;
            this.token = token;
            this.promoted = promoted;
            this.database = servers.database();
        }

        JsonObject execute() throws Exception {
            String bootstrap = servers.kafka().bootstrapServers();
            List<ServiceProcess.Restart> starts = nodes.startAll();
            report.line("%d nodes up (child JVMs, -Xmx%s each, one Hazelcast cluster joined by TCP/IP, HTTP ports %s): to first prediction %s s",
                    nodes.size(), NODE_HEAP, nodes.ports(), starts.stream().map(start -> BenchReport.round(start.firstPredictionSeconds())).toList());
            Map<String, Set<TopicPartition>> assignment = failover.awaitStable(nodes.size(), Duration.ofMinutes(2));
            report.line("Kafka: %d partitions, one consumer group (%s) across the nodes: partitions per member %s", partitions(plan.nodes()), GROUP,
                    assignment.values().stream().map(Set::size).sorted().toList());

            List<FaultEvents.Owner> owners = FaultEvents.owners(database);
            // The followed users get no Kafka events, so every push they receive answers the bench's own event.
            List<String> followed = owners.subList(owners.size() - plan.pushes(), owners.size()).stream().map(FaultEvents.Owner::userId).toList();
            FaultEvents events = new FaultEvents(System.nanoTime(), plan.events(), owners.subList(0, owners.size() - plan.pushes()));
            List<PredictionLoad> predictions = new ArrayList<>();
            for (int port : nodes.ports()) {
                predictions.add(PredictionLoad.start(load, port, token, plan.predictRate(), plan.users()));
            }
            report.line("load: %d predictions/s open loop over HTTP to each node (move-probability, %,d users) from here on",
                    plan.predictRate(), plan.users());

            Histogram push = crossNodePush(followed);
            List<PredictionLoad.Tally> beforePromotion = tallies(predictions);
            PromotionPropagation.Result promotion = PromotionPropagation.promote(token, nodes.node(0).port(), nodes.ports(),
                    promoted.name(), promoted.version(), promoted.label(), "user_1");
            long promotionNon200 = promotion.non200() + non200Since(predictions, beforePromotion);
            report.line("(2) %s %s promoted through node 0: registry replied after %.0f ms; served by every node after %.0f ms (per node, from node 0: %s ms); "
                    + "%d answers other than 200 from any node meanwhile", promoted.name(), promoted.label(), promotion.promoteReplyMillis(),
                    promotion.slowestMillis(), rounded(promotion.swapMillis()), promotionNon200);

            // The stream starts now, so the kill at a third of it leaves two thirds for the survivors to take over.
            report.line("%,d events to Kafka at %,d/s; node %d is killed at a third of them", plan.events(), plan.eventRate(), nodes.size() - 1);
            long produceStarted = System.nanoTime();
            events.publishInBackground(bootstrap, TOPIC, plan.eventRate());
            int victimIndex = nodes.size() - 1;
            ServiceProcess victim = nodes.node(victimIndex);
            while (events.published() < plan.events() / 3) {
                FaultBenchmark.pause(Duration.ofMillis(50));
            }
            failover.awaitStable(nodes.size(), Duration.ofMinutes(1));
            long publishedAtKill = events.published();
            predictions.get(victimIndex).stop();
            long killedAt = System.nanoTime();
            victim.kill();
            PartitionFailover.Result moved = failover.afterKill(killedAt, Duration.ofMinutes(3));
            report.line("(3) node %d killed (SIGKILL) at %,d events published: its %d partitions %s reassigned %.1f s later (the group's "
                    + "session timeout), first committed by a survivor %.1f s after the kill (%.1f s after the reassignment)", victimIndex,
                    publishedAtKill, moved.moved().size(), moved.moved(), moved.reassignedSeconds(), moved.firstCommitSeconds(),
                    moved.reassignmentToCommitSeconds());

            events.awaitPublished();
            BenchmarkTraffic.awaitCommitted(bootstrap, TOPIC, GROUP, Duration.ofMinutes(30));
            report.line("    %,d events published (%,d acknowledged by the broker); the survivors consumed to the end of the topic %.0f s after the first",
                    events.published(), events.acknowledged(), (System.nanoTime() - produceStarted) / 1e9);
            predictions.forEach(PredictionLoad::stop);

            ServiceProcess.Restart rejoin = victim.start();
            String servedAfterRejoin = servedVersion(victim.port());
            report.line("(4) node %d started again on its data directory: rejoined and answering after %.1f s, serving %s", victimIndex,
                    rejoin.firstPredictionSeconds(), servedAfterRejoin);
            awaitSettled(predictions);
            return count(events, push, promotion, promotionNon200, moved, predictions, starts, rejoin, servedAfterRejoin);
        }

        /** (1) A subscriber on node 1, the events posted to node 0: the push crosses the cluster. */
        private Histogram crossNodePush(List<String> followed) throws Exception {
            WebClient poster = WebClientSession.create(WebClient.create(load, new WebClientOptions().setKeepAlive(true)
                    .setDefaultHost("127.0.0.1").setDefaultPort(nodes.node(0).port()))).addHeader("Authorization", "Bearer " + token);
            try {
                Histogram push = WebSocketPush.measure(load, nodes.node(1).port(), token, poster, followed);
                report.line("(1) event posted to node 0 -> prediction pushed to a WebSocket subscriber on node 1: p50 %.1f ms, p95 %.1f ms, "
                        + "max %.1f ms (%d users; includes the feature refresh's coalescing window)", push.getValueAtPercentile(50) / 1000.0,
                        push.getValueAtPercentile(95) / 1000.0, push.getMaxValue() / 1000.0, push.getTotalCount());
                return push;
            } finally {
                poster.close();
            }
        }

        private JsonObject count(FaultEvents events, Histogram push, PromotionPropagation.Result promotion, long promotionNon200,
                                 PartitionFailover.Result moved, List<PredictionLoad> predictions, List<ServiceProcess.Restart> starts,
                                 ServiceProcess.Restart rejoin, String servedAfterRejoin) throws Exception {
            List<String> answered = new ArrayList<>();
            JsonArray perNode = new JsonArray();
            long sent = 0;
            long http5xx = 0;
            long unanswered = 0;
            for (int i = 0; i < predictions.size(); i++) {
                PredictionLoad.Tally tally = predictions.get(i).tally();
                answered.addAll(predictions.get(i).answeredIds());
                sent += tally.sent();
                http5xx += tally.http5xx();
                unanswered += tally.unanswered();
                perNode.add(new JsonObject().put("node", i).put("predictions_sent", tally.sent()).put("predictions_answered", tally.answered())
                        .put("http_5xx", tally.http5xx()).put("unanswered", tally.unanswered()));
                predictions.get(i).firstErrors().forEach(error -> report.line("    5xx: %s", error));
            }
            DeliveryCount.PredictionTally logged = DeliveryCount.awaitLogged(database, answered);
            DeliveryCount.EventTally stored;
            long databaseBytes;
            try (Connection connection = Jdbc.connect(database); Statement statement = connection.createStatement();
                 ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
                stored = DeliveryCount.events(connection, FaultEvents.ACTIVITY_TABLES, events.firstId(), events.lastId(), events.acknowledged());
                size.next();
                databaseBytes = size.getLong(1);
            }
            report.line("events: %,d sent (acknowledged by the broker), %,d stored once or more (%,d rows in the activity tables), "
                    + "%,d dead-lettered: %,d lost, %,d duplicated", stored.sent(), stored.distinct(), stored.rows(), stored.deadLettered(),
                    stored.lost(), stored.duplicated());
            report.line("predictions: %,d requested over the nodes, %,d answered with a prediction id, %,d of them in ml_predictions "
                    + "(one row each: prediction_id is its key): %,d lost; %,d 5xx; %,d got no answer (the killed node's clients stop at the kill)",
                    sent, logged.answered(), logged.logged(), logged.lost(), http5xx, unanswered);
            return new JsonObject()
                    .put("nodes", nodes.size())
                    .put("partitions", partitions(plan.nodes()))
                    .mergeIn(stored.toJson(events.refused()))
                    .put("cross_node_push_p50_ms", BenchReport.round(push.getValueAtPercentile(50) / 1000.0))
                    .put("cross_node_push_p95_ms", BenchReport.round(push.getValueAtPercentile(95) / 1000.0))
                    .put("cross_node_pushes", push.getTotalCount())
                    .put("promotion_propagation_ms", BenchReport.round(promotion.slowestMillis()))
                    .put("promotion_registry_reply_ms", BenchReport.round(promotion.promoteReplyMillis()))
                    .put("promotion_swap_ms_per_node", new JsonArray(rounded(promotion.swapMillis())))
                    .put("promotion_non_200", promotionNon200)
                    .put("failover_s", BenchReport.round(moved.firstCommitSeconds()))
                    .put("failover_reassigned_s", BenchReport.round(moved.reassignedSeconds()))
                    .put("failover_reassignment_to_commit_s", BenchReport.round(moved.reassignmentToCommitSeconds()))
                    .put("partitions_moved", moved.moved().size())
                    .put("predictions_requested", sent)
                    .put("predictions_answered", logged.answered())
                    .put("predictions_logged", logged.logged())
                    .put("predictions_lost", logged.lost())
                    .put("predictions_5xx", http5xx)
                    .put("predictions_unanswered", unanswered)
                    .put("per_node", perNode)
                    .put("node_start_s", new JsonArray(starts.stream().map(start -> BenchReport.round(start.firstPredictionSeconds())).toList()))
                    .put("rejoin_s", BenchReport.round(rejoin.firstPredictionSeconds()))
                    .put("rejoined_node_serves", servedAfterRejoin)
                    .put("promoted_version", promoted.label())
                    .put("users", plan.users())
                    .put("events", plan.events())
                    .put("event_rate_per_s", plan.eventRate())
                    .put("predict_rate_per_s_per_node", plan.predictRate())
                    .put("node_heap", NODE_HEAP)
                    .put("database_mib", databaseBytes >> 20)
                    .put("load_generator", "same machine and cores as the nodes (child JVMs) and the servers (bench JVM)");
        }

        /** The version a node's move-probability answer names, or what it answered instead. */
        private String servedVersion(int port) throws Exception {
            WebClient client = WebClient.create(load);
            try {
                var answer = Blocking.await(client.post(port, "127.0.0.1", "/v1/predict/move-probability")
                        .putHeader("Authorization", "Bearer " + token)
                        .sendJsonObject(new JsonObject().put("entity_id", "user_1").put("entity_type", "USER")), Duration.ofSeconds(30));
                return answer.statusCode() == 200 ? answer.bodyAsJsonObject().getString("model_version") : "HTTP " + answer.statusCode();
            } finally {
                client.close();
            }
        }

        private static List<PredictionLoad.Tally> tallies(List<PredictionLoad> predictions) {
            return predictions.stream().map(PredictionLoad::tally).toList();
        }

        private static long non200Since(List<PredictionLoad> predictions, List<PredictionLoad.Tally> since) {
            long non200 = 0;
            for (int i = 0; i < predictions.size(); i++) {
                PredictionLoad.Tally delta = predictions.get(i).tally().minus(since.get(i));
                non200 += delta.unanswered() + delta.statuses().entrySet().stream().filter(entry -> entry.getKey() != 200)
                        .mapToLong(Map.Entry::getValue).sum();
            }
            return non200;
        }

        /** Requests still in flight end within their 10 s timeout. */
        private static void awaitSettled(List<PredictionLoad> predictions) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!predictions.stream().allMatch(PredictionLoad::settled) && System.nanoTime() < deadline) {
                FaultBenchmark.pause(Duration.ofMillis(100));
            }
        }

        private static List<Double> rounded(Map<Integer, Double> millis) {
            return millis.values().stream().map(BenchReport::round).toList();
        }
    }
}
