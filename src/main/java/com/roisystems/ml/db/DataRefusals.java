package com.roisystems.ml.db;

import io.vertx.pgclient.PgException;

/**
 * Tells a refusal of the data itself — which no retry of the same rows can overcome — from an unavailable database,
 * which a retry can. Writers that batch rows split a refused batch down to the row to blame instead of retrying it
 * forever (ingestion, the prediction log).
 *
 * <p>{@code if (DataRefusals.refusesData(failure)) { split(batch); } else { retryLater(batch); }}
 */
public final class DataRefusals {

    private DataRefusals() {
    }

    /** SQLSTATE classes 22 (data exception), 23 (integrity, but not 23505) and 54 (program limit, e.g. a row too large). */
    public static boolean refusesData(Throwable failure) {
        if (!(failure instanceof PgException pg) || pg.getSqlState() == null || pg.getSqlState().length() < 2) {
            return false;
        }
        String state = pg.getSqlState();
        String sqlClass = state.substring(0, 2);
        // 23505 cannot come from idempotent writes themselves: a concurrent writer raced this one, so retry.
        return sqlClass.equals("22") || (sqlClass.equals("23") && !state.equals("23505")) || sqlClass.equals("54");
    }

    /**
     * What a sender may read: the SQLSTATE and, where PostgreSQL names them, the constraint, table and column — not
     * PostgreSQL's message, which can quote other rows' values.
     */
    public static String describe(PgException refusal) {
        StringBuilder text = new StringBuilder("PostgreSQL refused it (SQLSTATE ").append(refusal.getSqlState());
        if (refusal.getConstraint() != null) {
            text.append(", constraint ").append(refusal.getConstraint());
        }
        if (refusal.getTable() != null) {
            text.append(", table ").append(refusal.getTable());
        }
        if (refusal.getColumn() != null) {
            text.append(", column ").append(refusal.getColumn());
        }
        return text.append(')').toString();
    }
}
