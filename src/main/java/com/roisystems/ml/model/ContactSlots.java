package com.roisystems.ml.model;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;

/**
 * The week-slot part of a CONTACT_TIMING row: 168 slots (index = day-of-week x 24 + hour, Monday = 0,
 * UTC), each encoded cyclically, plus the person's historical share of engagements in that slot, its
 * hour and its day, computed from the {@link #HISTORY_DAYS} days before the cut-off only.
 *
 * <p>{@code double[] slotFeatures = ContactSlots.encode(slot, history);}
 */
public final class ContactSlots {

    public static final int SLOTS = 168;
    /** Engagement history behind the share features. */
    public static final int HISTORY_DAYS = 180;
    /** Label window: engaged in the slot within this many days after the cut-off. */
    public static final int LABEL_DAYS = 42;

    public static final List<String> FEATURES = List.of("slot_hour_sin", "slot_hour_cos", "slot_dow_sin", "slot_dow_cos",
            "slot_is_weekend", "slot_share_180d", "slot_hour_share_180d", "slot_dow_share_180d", "engagements_180d");

    /** The person features a contact row starts with (engagement volume and habits, not the cut-off's calendar). */
    public static final List<String> PERSON_FEATURES = List.of("email_opens_30d", "email_open_rate_30d", "email_click_rate_30d",
            "sessions_30d", "active_days_30d", "page_views_30d", "user_tenure_days");

    private ContactSlots() {
    }

    /** {@code history}: engagements per slot in the history window (absent = 0). */
    public static double[] encode(int slot, int[] history) {
        int hour = slot % 24;
        int dow = slot / 24;
        double total = 0;
        double hourTotal = 0;
        double dowTotal = 0;
        for (int s = 0; s < SLOTS; s++) {
            total += history[s];
            if (s % 24 == hour) {
                hourTotal += history[s];
            }
            if (s / 24 == dow) {
                dowTotal += history[s];
            }
        }
        double denominator = Math.max(1, total);
        return new double[]{
                Math.sin(2 * Math.PI * hour / 24), Math.cos(2 * Math.PI * hour / 24),
                Math.sin(2 * Math.PI * dow / 7), Math.cos(2 * Math.PI * dow / 7),
                dow >= 5 ? 1 : 0,
                history[slot] / denominator, hourTotal / denominator, dowTotal / denominator, total};
    }

    public static int[] histogram(Map<Integer, Integer> counts) {
        int[] histogram = new int[SLOTS];
        if (counts != null) {
            counts.forEach((slot, count) -> histogram[slot] = count);
        }
        return histogram;
    }

    /** Human form of a slot, e.g. {@code TUESDAY 19:00}. */
    public static String describe(int slot) {
        return DayOfWeek.of(slot / 24 + 1) + String.format(" %02d:00", slot % 24);
    }
}
