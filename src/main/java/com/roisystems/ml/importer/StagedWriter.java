package com.roisystems.ml.importer;

import com.roisystems.ml.db.CopyText;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import com.roisystems.ml.ingest.ActivityEvent;
import com.roisystems.ml.ingest.RawTable;
import com.roisystems.ml.ingest.RawTables;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes batches of validated events at COPY speed with the live path's semantics ({@code ingest.ActivityWriter}),
 * one transaction per batch: each table's rows are COPYed into a temporary staging table with the table's own column
 * types, then moved with {@code INSERT ... SELECT ... ON CONFLICT} using {@link RawTable}'s columns and conflict rule.
 * Entity events (users, properties, transactions, market months) are claimed in the {@code ingested_events} ledger
 * first and only the newly claimed ones applied, the latest per row, an older event never overwriting a newer state;
 * activity is appended by event id. Entities are written before the activity of the batch. So a re-import stores
 * nothing twice, and an imported event later sent over HTTP or Kafka is a duplicate there too.
 *
 * <p>{@code try (StagedWriter writer = StagedWriter.open(url)) { int stored = writer.write(events); }}
 */
final class StagedWriter implements AutoCloseable {

    private static final int FLUSH_CHARS = 256 * 1024;

    private final Connection connection;
    private final CopyManager copy;
    private final Set<String> staged = new HashSet<>();

    private StagedWriter(Connection connection) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    static StagedWriter open(DatabaseUrl url) throws SQLException {
        Connection connection = Jdbc.connect(url);
        try {
            connection.setAutoCommit(false);
            return new StagedWriter(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Writes {@code events} in one transaction and returns how many were stored for the first time; the rest were
     * stored before (or repeat an event id of this batch). Rolls back and throws if any statement fails.
     */
    int write(List<ActivityEvent> events) throws SQLException {
        Map<UUID, ActivityEvent> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(event.eventId(), event));
        List<ActivityEvent> entities = new ArrayList<>();
        Map<RawTable, List<ActivityEvent>> activity = new LinkedHashMap<>();
        for (ActivityEvent event : unique.values()) {
            RawTable table = RawTables.forEventType(event.eventType());
            if (table.appendOnly()) {
                activity.computeIfAbsent(table, t -> new ArrayList<>()).add(event);
            } else {
                entities.add(event);
            }
        }
        try {
            Set<UUID> claimed = claim(entities);
            int stored = claimed.size();
            for (Map.Entry<RawTable, Collection<ActivityEvent>> table : latestPerRow(entities, claimed).entrySet()) {
                move(table.getKey(), table.getValue());
            }
            for (Map.Entry<RawTable, List<ActivityEvent>> table : activity.entrySet()) {
                stored += move(table.getKey(), table.getValue());
            }
            connection.commit();
            return stored;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Puts the entity events' ids in the ledger; those it did not hold before are the ones to apply. */
    private Set<UUID> claim(List<ActivityEvent> entities) throws SQLException {
        if (entities.isEmpty()) {
            return Set.of();
        }
        stage(ImportQueries.LEDGER, ImportQueries.LEDGER_COLUMNS, entities.stream().map(event -> new Object[]{event.eventId(),
                event.eventType(), event.entityId(), event.occurredAt().atOffset(ZoneOffset.UTC), ImportQueries.SOURCE, event.tenantId()}).toList());
        Set<UUID> claimed = new HashSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(ImportQueries.CLAIM_STAGED)) {
            while (rows.next()) {
                claimed.add(rows.getObject(1, UUID.class));
            }
        }
        return claimed;
    }

    /**
     * The claimed entity events per table, one per row (one statement cannot update a row twice): the one that
     * occurred last, the later in the file on a tie, as the live path keeps it.
     */
    private static Map<RawTable, Collection<ActivityEvent>> latestPerRow(List<ActivityEvent> entities, Set<UUID> claimed) {
        Map<RawTable, Map<Object, ActivityEvent>> byTable = new LinkedHashMap<>();
        for (ActivityEvent event : entities) {
            if (claimed.contains(event.eventId())) {
                RawTable table = RawTables.forEventType(event.eventType());
                byTable.computeIfAbsent(table, t -> new LinkedHashMap<>()).merge(table.rowKey(event), event,
                        (kept, candidate) -> candidate.occurredAt().isBefore(kept.occurredAt()) ? kept : candidate);
            }
        }
        Map<RawTable, Collection<ActivityEvent>> rows = new LinkedHashMap<>();
        byTable.forEach((table, latest) -> rows.put(table, latest.values()));
        return rows;
    }

    /** COPYs the events' rows into the table's staging table and moves them over; returns the rows inserted or updated. */
    private int move(RawTable table, Collection<ActivityEvent> events) throws SQLException {
        String columns = table.columns().stream().map(RawTable.Column::name).collect(Collectors.joining(", "));
        List<Object[]> rows = new ArrayList<>(events.size());
        for (ActivityEvent event : events) {
            Object[] values = new Object[table.columns().size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = table.columns().get(c).value().apply(event);
            }
            rows.add(values);
        }
        stage(table.table(), columns, rows);
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(ImportQueries.insertFromStaging(table.table(), columns, table.onConflict()));
        }
    }

    private void stage(String table, String columns, List<Object[]> rows) throws SQLException {
        if (staged.add(table)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(ImportQueries.createStaging(table, columns));
            }
        }
        CopyIn in = copy.copyIn(ImportQueries.copyIntoStaging(table, columns));
        try {
            StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
            for (Object[] row : rows) {
                CopyText.appendRow(buffer, row);
                if (buffer.length() >= FLUSH_CHARS) {
                    flush(in, buffer);
                }
            }
            flush(in, buffer);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void flush(CopyIn in, StringBuilder buffer) throws SQLException {
        if (!buffer.isEmpty()) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
