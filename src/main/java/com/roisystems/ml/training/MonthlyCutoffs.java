package com.roisystems.ml.training;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.PredictionType;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly cut-offs (first of month, UTC) drawn from the data actually present, not from market data (which is
 * optional). A cut-off needs {@code minHistoryMonths} of history before it, counted from the month of the
 * platform's first record that the type's features or labels read. Then:
 * <ul>
 *   <li>labels that can be "nothing happened" (MOVE_PROBABILITY: no transaction; CONTACT_TIMING: a slot not
 *       engaged) need their whole window before the end of the data (the month after its last record), or a user
 *       would be labelled 0 for a period nobody observed;</li>
 *   <li>labels that are an observed event (PROPERTY_VALUE: a valuation; TRANSACTION_TYPE: the first transaction)
 *       need a window that can hold one: from the first such event minus the window to the last event. A window
 *       cut short by the end of the data still labels correctly: the first event observed in it is its first.
 *       This is what lets a history whose valuations all carry one date train.</li>
 * </ul>
 * The latest {@code count} are used. Blocking: call it from the training thread.
 *
 * <p>{@code List<Instant> c = MonthlyCutoffs.choose(type, MonthlyCutoffs.span(pool, type), 6, false, MinHistory.configured(12));}
 */
final class MonthlyCutoffs {

    private static final Duration WAIT = Duration.ofMinutes(10);
    /** The request field that overrides the configured minimum history. */
    static final String MIN_HISTORY_FIELD = "min_history_months";
    static final String MIN_HISTORY_CONFIG = "training.minHistoryMonths";
    static final int MAX_MIN_HISTORY_MONTHS = 120;

    /**
     * The platform's first and last record of anything the type reads (null when there is none) and its first and
     * last label event.
     */
    record Span(Instant historyStart, Instant dataLast, Instant firstLabel, Instant lastLabel) {
    }

    /** The minimum history and where it came from: the request names its field in messages, the configuration its key. */
    record MinHistory(int months, boolean requested) {

        static MinHistory configured(int months) {
            return new MinHistory(months, false);
        }

        static MinHistory requested(int months) {
            return new MinHistory(months, true);
        }

        String source() {
            return requested ? MIN_HISTORY_FIELD : MIN_HISTORY_CONFIG;
        }
    }

    private MonthlyCutoffs() {
    }

    static Span span(Pool pool, PredictionType type) throws Exception {
        String sql = switch (type) {
            case MOVE_PROBABILITY, TRANSACTION_TYPE -> TrainingQueries.TRANSACTION_SPAN;
            case CONTACT_TIMING -> TrainingQueries.ENGAGEMENT_SPAN;
            case PROPERTY_VALUE -> TrainingQueries.VALUATION_SPAN;
        };
        Row row = Blocking.await(pool.query(sql).execute(), WAIT).iterator().next();
        return new Span(instant(row.getOffsetDateTime("history_start")), instant(row.getOffsetDateTime("data_last")),
                instant(row.getOffsetDateTime("first_label")), instant(row.getOffsetDateTime("last_label")));
    }

    /**
     * The latest {@code count} usable cut-offs, ascending. A count the request asked for ({@code countRequested})
     * that the data cannot give is a 400 naming {@code cutoffs} with how many exist; none at all is a 409 with the
     * data's span and the rule, naming no field (whoever chose the count).
     */
    static List<Instant> choose(PredictionType type, Span span, int count, boolean countRequested, MinHistory minHistory) {
        if (span.firstLabel() == null || span.historyStart() == null) {
            throw ServiceFailure.conflict(type + ": there are no " + labelEvents(type) + " to take labels from, so no cut-off can be labelled");
        }
        int horizon = horizonDays(type);
        LocalDate first = month(span.historyStart()).plusMonths(minHistory.months());
        List<Instant> cutoffs = new ArrayList<>();
        String rule;
        if (labelsAbsence(type)) {
            Instant end = month(span.dataLast()).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            for (LocalDate month = first; !start(month).plus(Duration.ofDays(horizon)).isAfter(end); month = month.plusMonths(1)) {
                cutoffs.add(start(month));
            }
            rule = String.format("each cut-off is the first of a month at least %d months (%s) after the data's first record (%s), "
                            + "with its whole %d-day label window before the data's end (%s), since no %s in it is a label too",
                    minHistory.months(), minHistory.source(), day(span.historyStart()), horizon, day(end), labelEvent(type));
        } else {
            for (LocalDate month = first; !start(month).isAfter(span.lastLabel()); month = month.plusMonths(1)) {
                if (start(month).plus(Duration.ofDays(horizon)).isAfter(span.firstLabel())) {
                    cutoffs.add(start(month));
                }
            }
            rule = String.format("each cut-off is the first of a month at least %d months (%s) after the data's first record (%s), "
                            + "whose %d-day label window can hold one of the %s, observed from %s to %s",
                    minHistory.months(), minHistory.source(), day(span.historyStart()), horizon, labelEvents(type),
                    day(span.firstLabel()), day(span.lastLabel()));
        }
        if (countRequested && cutoffs.size() < count) {
            throw ServiceFailure.invalid(TrainingContract.CUTOFFS, "asked for " + count + " monthly cut-offs; the data allows "
                    + cutoffs.size() + " (" + rule + ")");
        }
        if (cutoffs.isEmpty()) {
            throw ServiceFailure.conflict(type + ": the data allows 0 monthly cut-offs and training needs at least 1 (" + rule + ")");
        }
        return List.copyOf(cutoffs.subList(Math.max(0, cutoffs.size() - count), cutoffs.size()));
    }

    /** The label window after each cut-off. */
    static int horizonDays(PredictionType type) {
        return switch (type) {
            case MOVE_PROBABILITY -> 90;
            case TRANSACTION_TYPE -> 180;
            case CONTACT_TIMING -> ContactSlots.LABEL_DAYS;
            case PROPERTY_VALUE -> 120;
        };
    }

    /** Whether "no event in the window" is itself a label, so the window must have been observed in full. */
    static boolean labelsAbsence(PredictionType type) {
        return type == PredictionType.MOVE_PROBABILITY || type == PredictionType.CONTACT_TIMING;
    }

    private static String labelEvents(PredictionType type) {
        return switch (type) {
            case MOVE_PROBABILITY, TRANSACTION_TYPE -> "transactions";
            case CONTACT_TIMING -> "engagements (emails opened or clicked, sessions started)";
            case PROPERTY_VALUE -> "valuations";
        };
    }

    private static String labelEvent(PredictionType type) {
        return type == PredictionType.CONTACT_TIMING ? "engagement in a slot" : "transaction";
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static LocalDate month(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    }

    private static Instant start(LocalDate month) {
        return month.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static String day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
