package com.roisystems.ml.bench;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import io.vertx.core.json.JsonObject;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * What the database holds of what {@code bench faults} sent, counted from the rows themselves, not from the service's
 * word: events stored (rows with the run's event ids in the activity tables), stored more than once, and found in the
 * ingestion ledger; predictions answered with a prediction id and found in {@code ml_predictions}.
 *
 * <p>{@code EventTally tally = DeliveryCount.events(connection, FaultEvents.ACTIVITY_TABLES, first, last, sent);}
 */
final class DeliveryCount {

    /** Rows found for the events sent: {@code lost} = sent but found nowhere, {@code duplicated} = rows beyond one per event. */
    record EventTally(long sent, long rows, long distinct, long deadLettered) {
        long lost() {
            return Math.max(0, sent - distinct);
        }

        long duplicated() {
            return rows - distinct;
        }

        /** The bench keys every event count reports, beside those the broker refused. */
        JsonObject toJson(long refusedByBroker) {
            return new JsonObject().put("events_sent", sent).put("events_stored", distinct).put("events_lost", lost())
                    .put("events_duplicated", duplicated()).put("events_dead_lettered", deadLettered)
                    .put("events_refused_by_broker", refusedByBroker);
        }
    }

    /** Predictions answered (200 with a prediction id) and how many of those ids are in the prediction log. */
    record PredictionTally(long answered, long logged) {
        long lost() {
            return answered - logged;
        }
    }

    private static final int CHUNK = 10_000;

    private DeliveryCount() {
    }

    /**
     * Counts the rows whose event id lies in [{@code first}, {@code last}] across {@code tables} (an event stored in two
     * tables, or twice in one without a key, counts as duplicated), and those dead-lettered instead (a valid event refused
     * is lost too; the count says why). Activity events skip the {@code ingested_events} ledger: their rows are the record.
     */
    static EventTally events(Connection connection, List<String> tables, UUID first, UUID last, long sent) throws SQLException {
        String union = tables.stream().map(table -> "SELECT event_id FROM " + table + " WHERE event_id BETWEEN ? AND ?")
                .collect(Collectors.joining(" UNION ALL "));
        long rows;
        long distinct;
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*), count(DISTINCT event_id) FROM (" + union + ") stored")) {
            for (int i = 0; i < tables.size(); i++) {
                statement.setObject(2 * i + 1, first);
                statement.setObject(2 * i + 2, last);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                rows = result.getLong(1);
                distinct = result.getLong(2);
            }
        }
        long deadLettered;
        // Dead letters keep the id as text; lower-case UUIDs of one run order as text as they do as UUIDs.
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(DISTINCT event_id) FROM dead_letters WHERE event_id COLLATE \"C\" BETWEEN ? AND ?")) {
            statement.setString(1, first.toString());
            statement.setString(2, last.toString());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                deadLettered = result.getLong(1);
            }
        }
        return new EventTally(sent, rows, distinct, deadLettered);
    }

    /**
     * The prediction log writes in the background: looks the answered ids up every 500 ms until every one is in, or the
     * count has not grown for 5 s.
     */
    static PredictionTally awaitLogged(DatabaseUrl database, List<String> answeredIds) throws SQLException {
        long previous = -1;
        int still = 0;
        while (true) {
            PredictionTally tally;
            try (Connection connection = Jdbc.connect(database)) {
                tally = predictions(connection, answeredIds);
            }
            if (tally.lost() == 0 || still >= 10) {
                return tally;
            }
            still = tally.logged() == previous ? still + 1 : 0;
            previous = tally.logged();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    /** Looks every answered prediction id up in {@code ml_predictions}, in chunks. */
    static PredictionTally predictions(Connection connection, List<String> answeredIds) throws SQLException {
        long logged = 0;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(DISTINCT prediction_id) FROM ml_predictions WHERE prediction_id = ANY (?)")) {
            for (int from = 0; from < answeredIds.size(); from += CHUNK) {
                Array ids = connection.createArrayOf("text", answeredIds.subList(from, Math.min(answeredIds.size(), from + CHUNK)).toArray());
                statement.setArray(1, ids);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    logged += result.getLong(1);
                }
            }
        }
        return new PredictionTally(answeredIds.size(), logged);
    }
}
