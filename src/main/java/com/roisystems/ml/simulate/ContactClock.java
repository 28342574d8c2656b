package com.roisystems.ml.simulate;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A user's true rhythm: the propensity to engage in each of the 168 hour-of-week slots (Monday 00:00 UTC
 * is slot 0), shaped by a chronotype, and the sampling of activity times from it. Most activity lands in
 * the preferred hours; a floor spreads the rest over the week so the preference is a tendency, not a rule.
 *
 * <p>{@code ContactClock clock = ContactClock.draw(rng); Instant at = clock.timeInMonth(rng, month);}
 */
final class ContactClock {

    static final int SLOTS = 168;
    private static final double FLOOR_SHARE = 0.15;

    /** When people like to be in touch. */
    enum Chronotype { MORNING, LUNCH, EVENING, WEEKEND }

    private static final double[] CHRONOTYPE_SHARES = {0.30, 0.20, 0.35, 0.15};

    private final Chronotype chronotype;
    private final float[] propensity;
    private final double[] cumulative;

    private ContactClock(Chronotype chronotype, float[] propensity) {
        this.chronotype = chronotype;
        this.propensity = propensity;
        this.cumulative = new double[SLOTS];
        double sum = 0;
        for (int s = 0; s < SLOTS; s++) {
            sum += propensity[s];
            cumulative[s] = sum;
        }
    }

    static ContactClock draw(SimRandom rng) {
        Chronotype type = Chronotype.values()[rng.weighted(CHRONOTYPE_SHARES)];
        double jitter = rng.uniform(-1.0, 1.0);
        double[] raw = new double[SLOTS];
        double total = 0;
        for (int dow = 0; dow < 7; dow++) {
            boolean weekend = dow >= 5;
            for (int hour = 0; hour < 24; hour++) {
                double value = switch (type) {
                    case MORNING -> (weekend ? 0.5 : 1.0) * bump(hour, (weekend ? 9 : 7) + jitter, 1.2);
                    case LUNCH -> (weekend ? 0.4 : 1.0) * bump(hour, 12.5 + jitter / 2, 1.0);
                    case EVENING -> bump(hour, 20 + jitter, 1.5);
                    case WEEKEND -> weekend ? bump(hour, 11 + jitter, 2.5) : 0.15 * bump(hour, 20 + jitter, 1.5);
                };
                raw[dow * 24 + hour] = value;
                total += value;
            }
        }
        float[] propensity = new float[SLOTS];
        for (int s = 0; s < SLOTS; s++) {
            propensity[s] = (float) ((1 - FLOOR_SHARE) * raw[s] / total + FLOOR_SHARE / SLOTS);
        }
        return new ContactClock(type, propensity);
    }

    private static double bump(int hour, double peak, double width) {
        double distance = Math.abs(hour + 0.5 - peak);
        distance = Math.min(distance, 24 - distance);
        return Math.exp(-0.5 * distance * distance / (width * width));
    }

    Chronotype chronotype() {
        return chronotype;
    }

    float[] propensity() {
        return propensity;
    }

    static int slotOf(ZonedDateTime time) {
        return (time.getDayOfWeek().getValue() - 1) * 24 + time.getHour();
    }

    private int drawSlot(SimRandom rng) {
        double target = rng.uniform() * cumulative[SLOTS - 1];
        int low = 0;
        int high = SLOTS - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < target) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** A moment in the month starting {@code month}, drawn from the user's propensity. */
    Instant timeInMonth(SimRandom rng, LocalDate month) {
        int slot = drawSlot(rng);
        DayOfWeek day = DayOfWeek.of(slot / 24 + 1);
        LocalDate first = month.plusDays((day.getValue() - month.getDayOfWeek().getValue() + 7) % 7);
        int weeks = (month.lengthOfMonth() - first.getDayOfMonth()) / 7 + 1;
        LocalDate date = first.plusWeeks(rng.nextInt(weeks));
        return date.atTime(slot % 24, rng.nextInt(60), rng.nextInt(60)).toInstant(ZoneOffset.UTC);
    }

    /**
     * When the user gets round to something that arrived at {@code after}: the next hours are weighted by
     * propensity and by a decay, so replies come soon but mostly in the user's own hours.
     */
    Instant reactionTo(SimRandom rng, Instant after, int horizonHours) {
        ZonedDateTime start = after.atZone(ZoneOffset.UTC);
        int startSlot = slotOf(start);
        double[] weights = new double[horizonHours];
        for (int k = 0; k < horizonHours; k++) {
            weights[k] = propensity[(startSlot + k) % SLOTS] * Math.exp(-k / 36.0);
        }
        int k = rng.weighted(weights);
        long seconds = k == 0 ? rng.nextInt(Math.max(1, 3600 - start.getMinute() * 60)) : k * 3600L - start.getMinute() * 60L + rng.nextInt(3600);
        return after.plusSeconds(Math.max(30, seconds));
    }
}
