package com.roisystems.ml.faults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load through an outage: one client predicts for users whose vectors are in the online store, round and round, another
 * posts events with fresh ids in small batches. Every answer is counted by phase and status; the ids of events whose
 * answer acknowledged them are kept, so the test can count them in the database afterwards.
 *
 * <p>{@code try (OutageLoad load = OutageLoad.start(platform, warmUsers, "acme")) { load.phase("down"); ... }}
 */
final class OutageLoad implements AutoCloseable {

    private static final int EVENTS_PER_REQUEST = 5;

    private final FaultPlatform platform;
    private final List<String> warmUsers;
    private final String tenant;
    private final ExecutorService clients = Executors.newFixedThreadPool(2);
    private final Map<String, Map<String, AtomicInteger>> predictions = new ConcurrentSkipListMap<>();
    private final Map<String, Map<String, AtomicInteger>> intake = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicLong> predictionMicros = new ConcurrentHashMap<>();
    private final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger eventUser = new AtomicInteger();
    private volatile String phase = "before";
    private volatile boolean running = true;

    private OutageLoad(FaultPlatform platform, List<String> warmUsers, String tenant) {
        this.platform = platform;
        this.warmUsers = warmUsers;
        this.tenant = tenant;
    }

    static OutageLoad start(FaultPlatform platform, List<String> warmUsers, String tenant) {
        OutageLoad load = new OutageLoad(platform, warmUsers, tenant);
        load.clients.submit(load::predictRoundRobin);
        load.clients.submit(load::postEvents);
        return load;
    }

    /** Answers from now on are counted under {@code name}. */
    void phase(String name) {
        phase = name;
    }

    private void predictRoundRobin() {
        for (int i = 0; running; i++) {
            String counted = phase;
            try {
                FaultPlatform.Answer answer = platform.predict(warmUsers.get(i % warmUsers.size()));
                count(predictions, counted, answer);
                predictionMicros.computeIfAbsent(counted, ignored -> new AtomicLong()).addAndGet(answer.micros());
            } catch (RuntimeException noAnswer) {
                countNoAnswer(predictions, counted);
            }
        }
    }

    private void postEvents() {
        while (running) {
            String counted = phase;
            JsonArray events = new JsonArray();
            for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                events.add(FaultPlatform.documentViewed(UUID.randomUUID(), "fault_user_" + eventUser.incrementAndGet() % 50, tenant));
            }
            FaultPlatform.Answer answer;
            try {
                answer = platform.postEvents(events);
            } catch (RuntimeException noAnswer) {
                countNoAnswer(intake, counted);
                continue;
            }
            count(intake, counted, answer);
            if (answer.status() / 100 == 2) {
                for (Object result : answer.body().getJsonArray("results")) {
                    String status = ((JsonObject) result).getString("status");
                    if ("accepted".equals(status) || "duplicate".equals(status)) {
                        acknowledged.add(UUID.fromString(((JsonObject) result).getString("event_id")));
                    }
                }
            }
        }
    }

    private static void count(Map<String, Map<String, AtomicInteger>> byPhase, String phase, FaultPlatform.Answer answer) {
        String key = answer.status() + (answer.retryAfter() == null ? "" : " retry-after");
        byPhase.computeIfAbsent(phase, ignored -> new ConcurrentSkipListMap<>()).computeIfAbsent(key, ignored -> new AtomicInteger()).incrementAndGet();
    }

    /** A request that got no answer in time (the client's 30 s): counted as a server error. */
    private static void countNoAnswer(Map<String, Map<String, AtomicInteger>> byPhase, String phase) {
        byPhase.computeIfAbsent(phase, ignored -> new ConcurrentSkipListMap<>()).computeIfAbsent("5xx no answer", ignored -> new AtomicInteger())
                .incrementAndGet();
    }

    /** Predictions answered in {@code phase} with {@code status}. */
    int predictions(String phase, int status) {
        return counted(predictions, phase, status);
    }

    /** Intake requests answered in {@code phase} with {@code status}. */
    int intake(String phase, int status) {
        return counted(intake, phase, status);
    }

    /** Answers of either kind with a 5xx status other than 503 (500, 502, 504): there must be none. */
    int unexpectedServerErrors() {
        int errors = 0;
        for (Map<String, Map<String, AtomicInteger>> byPhase : List.of(predictions, intake)) {
            for (Map<String, AtomicInteger> statuses : byPhase.values()) {
                for (Map.Entry<String, AtomicInteger> entry : statuses.entrySet()) {
                    if (entry.getKey().startsWith("5") && !entry.getKey().startsWith("503")) {
                        errors += entry.getValue().get();
                    }
                }
            }
        }
        return errors;
    }

    private static int counted(Map<String, Map<String, AtomicInteger>> byPhase, String phase, int status) {
        return byPhase.getOrDefault(phase, Map.of()).entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(Integer.toString(status)))
                .mapToInt(entry -> entry.getValue().get()).sum();
    }

    /** Mean prediction latency of {@code phase} in milliseconds. */
    double meanPredictionMillis(String phase) {
        int answered = predictions.getOrDefault(phase, Map.of()).values().stream().mapToInt(AtomicInteger::get).sum();
        return answered == 0 ? Double.NaN : predictionMicros.get(phase).get() / 1_000.0 / answered;
    }

    /** The ids of every event an answer acknowledged (accepted, or a duplicate of one stored before). */
    Set<UUID> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    String describe() {
        return "predictions " + predictions + ", intake " + intake;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        clients.shutdown();
        if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
            clients.shutdownNow();
        }
    }
}
