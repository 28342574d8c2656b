package com.roisystems.ml.bench;

import io.vertx.core.http.PoolOptions;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.bus.Blocking;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The prediction benchmark's client: HTTP requests to 127.0.0.1 only, bounded in count and time, each with a
 * bearer token.
 * The open-loop schedule sends request i at start + i / rate whatever the replies do, and counts its
 * latency from that scheduled time, so queueing anywhere shows up (no coordinated omission).
 */
final class LoadGenerator {

    private static final String[] TYPES = {"MOVE_PROBABILITY", "TRANSACTION_TYPE", "CONTACT_TIMING", "PROPERTY_VALUE"};

    private final Vertx vertx;
    private final WebClient client;
    private final int port;
    private final int users;

    private final String token;

    /** Every request and the WebSocket upgrade carry {@code token}, so the authenticated path is what is measured. */
    LoadGenerator(Vertx vertx, int port, int users, String token) {
        this.vertx = vertx;
        this.port = port;
        this.users = users;
        this.token = token;
        this.client = WebClientSession.create(WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(512))).addHeader("Authorization", "Bearer " + token);
    }

    private Future<HttpResponse<Buffer>> predict(int user) {
        return client.post("/v1/predict/move-probability")
                .sendJsonObject(new JsonObject().put("entity_id", "user_" + user).put("entity_type", "USER"));
    }

    void warm(int count) throws Exception {
        for (int from = 1; from <= count; from += 32) {
            List<Future<HttpResponse<Buffer>>> wave = new ArrayList<>();
            for (int user = from; user < Math.min(count + 1, from + 32); user++) {
                wave.add(predict(user));
            }
            Blocking.await(Future.join(wave), Duration.ofMinutes(2));
        }
    }

    /** Returns the error count; successful latencies (µs from the scheduled send) go into {@code latency}. */
    long openLoop(int rate, int seconds, Histogram latency) throws Exception {
        long total = (long) rate * seconds;
        AtomicLong sent = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Promise<Void> finished = Promise.promise();
        long start = System.nanoTime();
        vertx.setPeriodic(1, timer -> {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (sent.get() < due) {
                long i = sent.getAndIncrement();
                long scheduled = start + i * 1_000_000_000L / rate;
                predict(1 + (int) (i % users)).onComplete(result -> {
                    long micros = (System.nanoTime() - scheduled) / 1_000;
                    synchronized (latency) {
                        if (result.succeeded() && result.result().statusCode() == 200) {
                            latency.recordValue(Math.min(latency.getHighestTrackableValue(), Math.max(0, micros)));
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    if (done.incrementAndGet() == total) {
                        finished.tryComplete();
                    }
                });
            }
            if (sent.get() >= total) {
                vertx.cancelTimer(timer);
            }
        });
        Blocking.await(finished.future(), Duration.ofSeconds(seconds + 60L));
        return errors.get();
    }

    /** Median wall time of {@code repeats} batches of {@code size} requests mixing the four types. */
    double batch(int size, int repeats) throws Exception {
        double[] times = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            JsonArray requests = new JsonArray();
            for (int i = 0; i < size; i++) {
                requests.add(new JsonObject().put("entity_id", "user_" + (1 + (i * 7 + r * 13) % users)).put("entity_type", "USER")
                        .put("prediction_type", TYPES[i % TYPES.length]));
            }
            long started = System.nanoTime();
            HttpResponse<Buffer> response = Blocking.await(client.post("/v1/predict/batch").sendJsonObject(new JsonObject().put("requests", requests)),
                    Duration.ofMinutes(2));
            times[r] = (System.nanoTime() - started) / 1e6;
            if (response.statusCode() != 200 || response.bodyAsJsonObject().getInteger("failed") > 0) {
                throw new IllegalStateException("batch failed: " + response.statusCode() + " "
                        + response.bodyAsString().substring(0, Math.min(300, response.bodyAsString().length())));
            }
        }
        Arrays.sort(times);
        return times[repeats / 2];
    }

    /** Subscribes to {@code count} users, then for each posts an event and times the pushed prediction. */
    Histogram webSocketPush(AppConfig config, int count) throws Exception {
        List<String> subscribed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            subscribed.add("user_" + (users - i));
        }
        return WebSocketPush.measure(vertx, port, token, client, subscribed);
    }
}
