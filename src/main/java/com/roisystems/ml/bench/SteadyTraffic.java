package com.roisystems.ml.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prediction traffic that keeps running while a drift benchmark changes the world: move-probability requests to
 * 127.0.0.1 only, open loop at a fixed rate (request i leaves at start + i / rate whatever the replies do), each for a
 * user drawn (seeded) from the current population, which {@link #population} replaces when users join. Bounded: it stops
 * by itself after {@code maxSeconds}, and never has more than {@code maxInFlight} requests outstanding (beyond that a
 * request is counted as shed rather than queued without end).
 *
 * <p>{@code SteadyTraffic traffic = SteadyTraffic.start(vertx, port, token, 100, 600, users); ... traffic.stop();}
 */
public final class SteadyTraffic {

    private final Vertx vertx;
    private final WebClient client;
    private final SplittableRandom random = new SplittableRandom(15);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile List<String> users;
    private final long timer;

    private SteadyTraffic(Vertx vertx, int port, String token, int ratePerSecond, int maxSeconds, List<String> users) {
        this.vertx = vertx;
        this.users = List.copyOf(users);
        this.client = WebClientSession.create(WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
                        .setDefaultHost("127.0.0.1").setDefaultPort(port), new PoolOptions().setHttp1MaxSize(64)))
                .addHeader("Authorization", "Bearer " + token);
        long start = System.nanoTime();
        long total = (long) ratePerSecond * maxSeconds;
        int maxInFlight = Math.max(64, ratePerSecond * 2);
        this.timer = vertx.setPeriodic(5, id -> {
            long due = Math.min(total, (System.nanoTime() - start) * ratePerSecond / 1_000_000_000L + 1);
            while (sent.get() < due) {
                sent.incrementAndGet();
                if (inFlight.get() >= maxInFlight) {
                    shed.incrementAndGet();
                    continue;
                }
                send();
            }
            if (sent.get() >= total) {
                vertx.cancelTimer(id);
            }
        });
    }

    public static SteadyTraffic start(Vertx vertx, int port, String token, int ratePerSecond, int maxSeconds, List<String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no users to send predictions for");
        }
        return new SteadyTraffic(vertx, port, token, ratePerSecond, maxSeconds, users);
    }

    private void send() {
        List<String> current = users;
        String user = current.get(random.nextInt(current.size()));
        inFlight.incrementAndGet();
        client.post("/v1/predict/move-probability")
                .sendJsonObject(new JsonObject().put("entity_id", user).put("entity_type", "USER"))
                .onComplete(result -> {
                    inFlight.decrementAndGet();
                    if (result.succeeded() && result.result().statusCode() == 200) {
                        succeeded.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
    }

    /** From now on, requests are for users drawn from {@code population}. */
    public void population(List<String> population) {
        if (population.isEmpty()) {
            throw new IllegalArgumentException("no users to send predictions for");
        }
        users = List.copyOf(population);
    }

    public long succeeded() {
        return succeeded.get();
    }

    /** Requests answered with an error or not answered, plus requests shed because too many were outstanding. */
    public long failed() {
        return failed.get() + shed.get();
    }

    public void stop() {
        vertx.cancelTimer(timer);
        client.close();
    }
}
