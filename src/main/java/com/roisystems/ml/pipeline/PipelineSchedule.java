package com.roisystems.ml.pipeline;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * When runs are due: a UNIX cron expression (5 fields) evaluated in UTC with cron-utils. A run fired at
 * an instant computes features as of that instant's date. {@link #missed} lists the dates whose
 * scheduled run did not succeed while the service was down.
 *
 * <p>{@code PipelineSchedule.parse("0 2 * * *").next(ZonedDateTime.now(ZoneOffset.UTC))}
 */
public final class PipelineSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ExecutionTime executions;

    private PipelineSchedule(String expression, ExecutionTime executions) {
        this.expression = expression;
        this.executions = executions;
    }

    /** Parses and validates; an invalid expression fails with a message naming it. */
    public static PipelineSchedule parse(String expression) {
        try {
            return new PipelineSchedule(expression, ExecutionTime.forCron(PARSER.parse(expression).validate()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pipeline.schedule: invalid cron expression '" + expression + "': " + e.getMessage());
        }
    }

    public String expression() {
        return expression;
    }

    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        return executions.nextExecution(after.withZoneSameInstant(ZoneOffset.UTC));
    }

    /**
     * The as-of dates of scheduled executions after {@code lastSuccess} (exclusive; null: none) up to
     * {@code now}, oldest first, at most the newest {@code limit} of them, so a long outage never delays
     * today's run behind weeks of history. With no successful run yet there is nothing to catch up
     * on but the latest date: a new installation does not backfill a week on its first start.
     */
    public List<LocalDate> missed(LocalDate lastSuccess, ZonedDateTime now, int limit) {
        if (lastSuccess == null) {
            limit = Math.min(limit, 1);
        }
        List<LocalDate> dates = new ArrayList<>();
        Optional<ZonedDateTime> execution = executions.lastExecution(now.withZoneSameInstant(ZoneOffset.UTC));
        while (execution.isPresent() && dates.size() < limit) {
            LocalDate date = execution.get().toLocalDate();
            if (lastSuccess != null && !date.isAfter(lastSuccess)) {
                break;
            }
            if (dates.isEmpty() || !dates.get(dates.size() - 1).equals(date)) {
                dates.add(date);
            }
            execution = executions.lastExecution(execution.get());
        }
        Collections.reverse(dates);
        return dates;
    }
}
