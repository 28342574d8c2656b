package com.roisystems.ml.scoring;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The value of the most recently started load, whatever order loads finish in: each load takes a ticket
 * when it starts, and a finished load is installed only if no later-started load has been installed. A model
 * reload takes seconds, so when promotions come quickly, an older reload finishing last must not win.
 * Clearing (the served version left Production) keeps the current ticket, so a load that started earlier for
 * another version still lands.
 *
 * <p>{@code long ticket = slot.begin(); load().onSuccess(model -> slot.complete(ticket, model));}
 */
final class LatestLoad<T> {

    private record Installed<T>(long ticket, T value) {
    }

    private final AtomicLong tickets = new AtomicLong();
    private final AtomicReference<Installed<T>> installed = new AtomicReference<>(new Installed<>(0, null));

    /** A ticket for a load that starts now. */
    long begin() {
        return tickets.incrementAndGet();
    }

    /** Installs {@code value} unless a later-started load was installed first; returns what it replaced, or null. */
    T complete(long ticket, T value) {
        Installed<T> next = new Installed<>(ticket, value);
        while (true) {
            Installed<T> current = installed.get();
            if (current.ticket() > ticket) {
                return null;
            }
            if (installed.compareAndSet(current, next)) {
                return current.value();
            }
        }
    }

    /** Clears the value if it is still {@code expected}. */
    boolean clearIf(T expected) {
        Installed<T> current = installed.get();
        return current.value() == expected && installed.compareAndSet(current, new Installed<>(current.ticket(), null));
    }

    T current() {
        return installed.get().value();
    }
}
