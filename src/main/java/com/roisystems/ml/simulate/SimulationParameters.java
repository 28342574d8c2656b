package com.roisystems.ml.simulate;

import java.time.ZoneOffset;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * What a simulation run is made of. Together with the code version, these values fully determine the
 * generated data: the same parameters give byte-identical rows and event ids.
 *
 * <p>{@code SimulationParameters params = SimulationParameters.defaults().withUsers(100_000).withSeed(7);}
 *
 * @param users      homeowners to simulate, {@code user_1 … user_N}
 * @param seed       the root of every random stream
 * @param startMonth the first simulated month (a first day of a month)
 * @param months     simulated months from {@code startMonth}
 * @param regions    housing markets
 */
public record SimulationParameters(int users, long seed, LocalDate startMonth, int months, int regions) {

    public static final int MAX_USERS = 10_000_000;
    public static final int MAX_MONTHS = 240;
    public static final int MAX_REGIONS = 200;

    /** Validates every value; the message names the parameter and the accepted range. */
    public SimulationParameters {
        if (users <= 0 || users > MAX_USERS) {
            throw new IllegalArgumentException("users must be between 1 and " + MAX_USERS + ", got " + users);
        }
        if (months <= 0 || months > MAX_MONTHS) {
            throw new IllegalArgumentException("months must be between 1 and " + MAX_MONTHS + ", got " + months);
        }
        if (regions <= 0 || regions > MAX_REGIONS) {
            throw new IllegalArgumentException("regions must be between 1 and " + MAX_REGIONS + ", got " + regions);
        }
        if (startMonth == null) {
            throw new IllegalArgumentException("startMonth is required");
        }
        if (startMonth.getDayOfMonth() != 1) {
            throw new IllegalArgumentException("startMonth must be the first day of a month, got " + startMonth);
        }
        if (startMonth.getYear() < 1990 || startMonth.getYear() > 2100) {
            throw new IllegalArgumentException("startMonth must be between 1990 and 2100, got " + startMonth);
        }
    }

    public static SimulationParameters defaults() {
        return new SimulationParameters(10_000, 42L, LocalDate.of(2023, 1, 1), 36, 20);
    }

    /** Parses a month given as {@code 2023-01} or {@code 2023-01-01}; anything else is refused by name. */
    /** The first month of a history of {@code months} months whose last month is the current one (UTC). */
    public static LocalDate monthsEndingNow(int months) {
        return LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(Math.max(1, months) - 1L);
    }

    public static LocalDate parseMonth(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("start month is empty; expected a month like 2023-01 or 2023-01-01");
        }
        String trimmed = text.trim();
        try {
            return LocalDate.parse(trimmed.length() == 7 ? trimmed + "-01" : trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("start month must look like 2023-01 or 2023-01-01, got '" + text + "'");
        }
    }

    public SimulationParameters withUsers(int value) {
        return new SimulationParameters(value, seed, startMonth, months, regions);
    }

    public SimulationParameters withSeed(long value) {
        return new SimulationParameters(users, value, startMonth, months, regions);
    }

    public SimulationParameters withStartMonth(LocalDate value) {
        return new SimulationParameters(users, seed, value, months, regions);
    }

    public SimulationParameters withMonths(int value) {
        return new SimulationParameters(users, seed, startMonth, value, regions);
    }

    /** The first instant after the simulated period. */
    public LocalDate endMonth() {
        return startMonth.plusMonths(months);
    }

    /** Recorded in {@code sim_runs.parameters} so a run can be reproduced from the database alone. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("users", users)
                .put("seed", seed)
                .put("startMonth", startMonth.toString())
                .put("months", months)
                .put("regions", regions);
    }
}
