package com.roisystems.ml.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients predicting over HTTP while the bench breaks things: single move-probability requests at a fixed open-loop
 * rate (request i leaves at start + i/rate whatever the replies do, so an outage does not slow the offered load), each
 * with a 10 s timeout. Keeps every prediction id answered with 200 (to look up in the prediction log at the end) and
 * counts every other outcome by status, 5xx apart, and requests that got no answer at all (service down).
 *
 * <p>{@code PredictionLoad load = PredictionLoad.start(vertx, port, token, 100, users); ...; load.stop(); load.answeredIds();}
 */
final class PredictionLoad {

    /** Outcomes so far; {@link #minus} gives those of one phase. */
    record Tally(long sent, long answered, long http5xx, long unanswered, Map<Integer, Long> statuses) {
        Tally minus(Tally earlier) {
            Map<Integer, Long> delta = new TreeMap<>(statuses);
            earlier.statuses.forEach((status, count) -> delta.merge(status, -count, Long::sum));
            delta.values().removeIf(count -> count == 0);
            return new Tally(sent - earlier.sent, answered - earlier.answered, http5xx - earlier.http5xx,
                    unanswered - earlier.unanswered, delta);
        }
    }

    private final WebClient client;
    private final Vertx vertx;
    private final int users;
    private final List<String> answeredIds = new ArrayList<>();
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final AtomicLong sent = new AtomicLong();
    private long http5xx;
    private long unanswered;
    private long timer;
    private final List<String> firstErrors = new ArrayList<>();

    private PredictionLoad(Vertx vertx, int port, String token, int users) {
        this.vertx = vertx;
        this.users = users;
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setConnectTimeout(2_000), new PoolOptions().setHttp1MaxSize(256));
        this.token = token;
    }

    private final String token;

    static PredictionLoad start(Vertx vertx, int port, String token, int rate, int users) {
        PredictionLoad load = new PredictionLoad(vertx, port, token, users);
        long started = System.nanoTime();
        load.timer = vertx.setPeriodic(5, id -> {
            long due = (System.nanoTime() - started) * rate / 1_000_000_000L + 1;
            while (load.sent.get() < due) {
                load.send(load.sent.getAndIncrement());
            }
        });
        return load;
    }

    private void send(long i) {
        client.post("/v1/predict/move-probability").putHeader("Authorization", "Bearer " + token).timeout(10_000)
                .sendJsonObject(new JsonObject().put("entity_id", "user_" + (1 + i % users)).put("entity_type", "USER"))
                .onComplete(result -> record(result.succeeded() ? result.result() : null, result.failed() ? result.cause() : null));
    }

    private synchronized void record(HttpResponse<Buffer> response, Throwable failure) {
        if (response == null) {
            unanswered++;
            return;
        }
        statuses.merge(response.statusCode(), 1L, Long::sum);
        if (response.statusCode() >= 500) {
            http5xx++;
            if (firstErrors.size() < 5) {
                firstErrors.add(response.statusCode() + " " + abbreviate(response.bodyAsString()));
            }
        }
        if (response.statusCode() == 200) {
            String id = response.bodyAsJsonObject().getString("prediction_id");
            if (id != null) {
                answeredIds.add(id);
            }
        }
    }

    synchronized Tally tally() {
        return new Tally(sent.get(), answeredIds.size(), http5xx, unanswered, new TreeMap<>(statuses));
    }

    /** Stops sending; requests in flight still complete (or time out) within their 10 s. */
    void stop() {
        vertx.cancelTimer(timer);
    }

    /** True when every request sent has its outcome (an answer, or none within its timeout). */
    synchronized boolean settled() {
        return statuses.values().stream().mapToLong(Long::longValue).sum() + unanswered == sent.get();
    }

    synchronized List<String> answeredIds() {
        return List.copyOf(answeredIds);
    }

    /** The first few 5xx answers, status and body, for the report. */
    synchronized List<String> firstErrors() {
        return List.copyOf(firstErrors);
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
