package com.roisystems.ml.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process's one JVM shutdown hook, running its steps phase by phase: the service drains (HTTP, intake, the
 * prediction log) before the embedded servers it writes to stop. Separate hooks would race — the JVM starts every
 * hook at once — and PostgreSQL would go away under the last flush ("Connection refused" on every stop). Within a
 * phase the steps run newest first, so servers stop in the reverse of their start.
 *
 * <p>{@code ShutdownSequence.Step step = ShutdownSequence.register(Phase.SERVERS, "embedded Redis", redis::stop); ... step.cancel();}
 */
public final class ShutdownSequence {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSequence.class);

    /** In the order they run. */
    public enum Phase { DRAIN, SERVERS }

    /** A registered step; cancel it once the owner has shut down by itself. */
    public interface Step {
        void cancel();
    }

    private static final Map<Phase, LinkedHashMap<Object, NamedAction>> STEPS = new EnumMap<>(Phase.class);
    private static boolean hookInstalled;

    private record NamedAction(String name, Runnable action) {
    }

    private ShutdownSequence() {
    }

    /** Runs {@code action} at JVM shutdown in {@code phase}, unless cancelled first. */
    public static synchronized Step register(Phase phase, String name, Runnable action) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownSequence::runAll, "roi-ml-shutdown"));
            hookInstalled = true;
        }
        Object key = new Object();
        STEPS.computeIfAbsent(phase, ignored -> new LinkedHashMap<>()).put(key, new NamedAction(name, action));
        return () -> {
            synchronized (ShutdownSequence.class) {
                STEPS.get(phase).remove(key);
            }
        };
    }

    private static void runAll() {
        for (Phase phase : Phase.values()) {
            List<NamedAction> steps;
            synchronized (ShutdownSequence.class) {
                steps = new ArrayList<>(STEPS.getOrDefault(phase, new LinkedHashMap<>()).values());
            }
            for (int i = steps.size() - 1; i >= 0; i--) {
                NamedAction step = steps.get(i);
                try {
                    step.action().run();
                } catch (RuntimeException e) {
                    log.warn("Shutdown step '{}' failed: {}", step.name(), e.toString());
                }
            }
        }
    }
}
