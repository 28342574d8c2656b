package com.roisystems.ml.simulate;

import com.roisystems.ml.db.DatabaseUrl;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes a {@link ShiftScenario} onto the activity topic, the way {@code simulate --to-kafka} publishes a run: the
 * world is read from the database as of {@code now}, the events go through ingestion like any producer's, and nothing
 * is written to a table directly.
 *
 * <p>{@code ShiftSummary summary = Shift.publish(url, ShiftScenario.named("young-cohort"), ShiftOptions.defaults(), target, Instant.now());}
 */
public final class Shift {

    private static final Logger log = LoggerFactory.getLogger(Shift.class);

    /** What a published shift sent: its start, its events per type, and how long publishing took. */
    public record ShiftSummary(String scenario, Instant startedAt, Map<String, Long> eventsPerType, double seconds) {

        public long events() {
            return eventsPerType.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private Shift() {
    }

    public static ShiftSummary publish(DatabaseUrl url, ShiftScenario scenario, ShiftOptions options, KafkaTarget target, Instant now)
            throws Exception {
        long started = System.nanoTime();
        ShiftWorld world = ShiftWorld.load(url, now);
        List<JsonObject> events = scenario.events(world, options);
        try (KafkaPublisher publisher = new KafkaPublisher(target)) {
            for (JsonObject event : events) {
                publisher.send(event);
            }
            publisher.flush();
            Map<String, Long> perType = new LinkedHashMap<>(publisher.sentPerType());
            log.info("Shift {} published {} events to {} (seed {})", scenario.name(), events.size(), target.topic(), options.seed());
            return new ShiftSummary(scenario.name(), now, perType, (System.nanoTime() - started) / 1e9);
        }
    }
}
