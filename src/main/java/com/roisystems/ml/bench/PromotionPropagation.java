package com.roisystems.ml.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A promotion made through one node's HTTP API, timed until every node serves the promoted version: from the moment the
 * promote request is sent, each node is asked for a move-probability prediction every 20 ms until its answer names the
 * new version; the time of that answer is the node's swap. Every answer meanwhile is counted by status, so a node that
 * served a request with no model while swapping shows up (as a non-200).
 *
 * <p>{@code Result r = PromotionPropagation.promote(token, promotingPort, List.of(p1, p2, p3), "move_probability", 2, "v2", "user_1");}
 */
final class PromotionPropagation {

    /**
     * {@code swapMillis} per node (its index in the ports given) and {@code promoteReplyMillis} (the registry committed), both from the promote request's
     * send; {@code statuses} of every prediction meanwhile (0: no answer).
     */
    record Result(Map<Integer, Double> swapMillis, double promoteReplyMillis, Map<Integer, Long> statuses) {
        double slowestMillis() {
            return swapMillis.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        long non200() {
            return statuses.entrySet().stream().filter(entry -> entry.getKey() != 200).mapToLong(Map.Entry::getValue).sum();
        }
    }

    private static final Duration ROUND = Duration.ofMillis(20);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private PromotionPropagation() {
    }

    /** Promotes {@code model} {@code version} to Production on the node at {@code promotingPort}; waits until every port serves {@code label}. */
    static Result promote(String token, int promotingPort, List<Integer> ports, String model, int version, String label, String entityId)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<Integer, Double> swapped = new TreeMap<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> promotion = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + promotingPort + "/v1/admin/models/" + model + "/versions/" + version + "/promote"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("stage", "Production").put("reason", "bench cluster").encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<Long> repliedAt = promotion.thenApply(reply -> System.nanoTime());
        while (swapped.size() < ports.size()) {
            List<Integer> waiting = new ArrayList<>();
            for (int node = 0; node < ports.size(); node++) {
                if (!swapped.containsKey(node)) {
                    waiting.add(node);
                }
            }
            if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                throw new IllegalStateException("nodes " + waiting
                        + " did not serve " + model + " " + label + " within " + TIMEOUT.toSeconds() + " s");
            }
            if (promotion.isDone() && promotion.join().statusCode() != 200) {
                throw new IllegalStateException("the promotion was refused: " + promotion.join().statusCode() + " " + promotion.join().body());
            }
            long round = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int node : waiting) {
                answers.add(http.sendAsync(predict(token, ports.get(node), entityId), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < waiting.size(); i++) {
                HttpResponse<String> answer = answers.get(i).exceptionally(failure -> null).join();
                long at = System.nanoTime();
                int status = answer == null ? 0 : answer.statusCode();
                statuses.merge(status, 1L, Long::sum);
                if (status == 200 && label.equals(new JsonObject(answer.body()).getString("model_version"))) {
                    swapped.put(waiting.get(i), (at - started) / 1e6);
                }
            }
            LockSupport.parkNanos(Math.max(0, round + ROUND.toNanos() - System.nanoTime()));
        }
        HttpResponse<String> reply = promotion.join();
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("the promotion was refused: " + reply.statusCode() + " " + reply.body());
        }
        return new Result(swapped, (repliedAt.join() - started) / 1e6, statuses);
    }

    private static HttpRequest predict(String token, int port, String entityId) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/predict/move-probability"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("entity_id", entityId).put("entity_type", "USER").encode()))
                .build();
    }
}
