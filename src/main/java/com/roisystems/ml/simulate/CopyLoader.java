package com.roisystems.ml.simulate;

import com.roisystems.ml.db.CopyText;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A {@link RecordSink} that streams stored records into PostgreSQL with {@code COPY ... FROM STDIN}
 * (text format), one connection and one COPY per table so the server parses the tables in parallel.
 * Rows are buffered a few hundred kilobytes at a time, never a whole run. At the end of each phase the
 * open COPYs are finished (and committed), so the next phase's foreign keys find their rows.
 *
 * <p>Indexes cost far more to maintain row by row (random UUID keys above all) than to build once, so
 * each table's COPY runs in a transaction that first drops its secondary indexes, and its primary and
 * unique keys that no foreign key depends on, and recreates them from their own definitions before
 * committing: a load that dies half-way rolls back to the table and indexes it started with.
 *
 * <p>{@code try (CopyLoader loader = new CopyLoader(url)) { PlatformGenerator.generate(params, loader, progress); }}
 *
 * <p>A run that fails half-way leaves the phases already finished in place; load again with replace.
 */
final class CopyLoader implements RecordSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CopyLoader.class);
    private static final int FLUSH_CHARS = 256 * 1024;
    private static final int FINISH_THREADS = 4;
    /** Statements that drop, then recreate, the table's rebuildable indexes and keys: (drop, create) pairs. */
    private static final String REBUILDABLE_INDEXES = """
            SELECT 'DROP INDEX ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE i.indrelid = to_regclass(?) AND NOT i.indisunique AND NOT i.indisprimary
            UNION ALL
            SELECT 'ALTER TABLE ' || k.conrelid::regclass || ' DROP CONSTRAINT ' || quote_ident(k.conname),
                   'ALTER TABLE ' || k.conrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(k.conname) || ' '
                       || pg_get_constraintdef(k.oid)
            FROM pg_constraint k
            WHERE k.conrelid = to_regclass(?) AND k.contype IN ('p', 'u')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = k.conrelid)""";

    private final DatabaseUrl url;
    private final Map<SimTable, Stream> open = new EnumMap<>(SimTable.class);
    private final Map<String, Long> rows = new LinkedHashMap<>();

    CopyLoader(DatabaseUrl url) {
        this.url = url;
    }

    /** One table's COPY in progress. */
    private static final class Stream {
        final Connection connection;
        final CopyIn copy;
        final List<String> indexDefinitions;
        final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
        long rows;

        Stream(Connection connection, CopyIn copy, List<String> indexDefinitions) {
            this.connection = connection;
            this.copy = copy;
            this.indexDefinitions = indexDefinitions;
        }

        void flush() throws SQLException {
            if (buffer.length() > 0) {
                byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                buffer.setLength(0);
            }
        }
    }

    private static Object[] withTenant(SimRecord record) {
        if (record.tenant() == null) {
            throw new IllegalStateException(record.table().tableName() + " rows belong to a tenant; this one has none");
        }
        Object[] values = java.util.Arrays.copyOf(record.values(), record.values().length + 1);
        values[values.length - 1] = record.tenant();
        return values;
    }

    @Override
    public void accept(SimRecord record) throws SQLException {
        if (!record.stored()) {
            return;
        }
        Stream stream = open.get(record.table());
        if (stream == null) {
            stream = start(record.table());
        }
        CopyText.appendRow(stream.buffer, record.table().tenantOwned() ? withTenant(record) : record.values());
        stream.rows++;
        if (stream.buffer.length() >= FLUSH_CHARS) {
            stream.flush();
        }
    }

    private Stream start(SimTable table) throws SQLException {
        Connection connection = Jdbc.connect(url);
        try {
            connection.setAutoCommit(false);
            List<String> indexes = dropIndexes(connection, table);
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(table.copyStatement());
            Stream stream = new Stream(connection, copy, indexes);
            open.put(table, stream);
            return stream;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Drops the table's rebuildable indexes inside the open transaction and returns how to recreate them. */
    private static List<String> dropIndexes(Connection connection, SimTable table) throws SQLException {
        List<String[]> indexes = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(REBUILDABLE_INDEXES)) {
            query.setString(1, table.tableName());
            query.setString(2, table.tableName());
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    indexes.add(new String[]{result.getString(1), result.getString(2)});
                }
            }
        }
        List<String> definitions = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (String[] index : indexes) {
                statement.execute(index[0]);
                definitions.add(index[1]);
            }
        }
        return definitions;
    }

    /**
     * Finishes every open COPY, rebuilds the indexes and commits. The tables are finished in parallel, each on
     * its own connection: index builds are most of a large load's tail and the server runs them side by side.
     */
    @Override
    public void endPhase(Phase phase) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(FINISH_THREADS, open.size())));
        try {
            Map<SimTable, Future<Long>> finishing = new EnumMap<>(SimTable.class);
            open.forEach((table, stream) -> finishing.put(table, pool.submit(() -> finish(stream))));
            Exception failure = null;
            // Wait for every table, failed or not, so nothing is still running when close() rolls back.
            for (Map.Entry<SimTable, Future<Long>> entry : finishing.entrySet()) {
                try {
                    rows.merge(entry.getKey().tableName(), entry.getValue().get(), Long::sum);
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
        log.debug("Phase {} loaded into {}: {}", phase, url.describe(), rows);
        open.clear();
    }

    private static long finish(Stream stream) throws SQLException {
        stream.flush();
        long written = stream.copy.endCopy();
        try (Statement statement = stream.connection.createStatement()) {
            for (String definition : stream.indexDefinitions) {
                statement.execute(definition);
            }
        }
        stream.connection.commit();
        stream.connection.close();
        return written;
    }

    /** Rows committed so far, per table. */
    Map<String, Long> rowsPerTable() {
        return rows;
    }

    /** Abandons unfinished COPYs: the server rolls back their rows and restores the dropped indexes. */
    @Override
    public void close() {
        for (Map.Entry<SimTable, Stream> entry : open.entrySet()) {
            try {
                if (entry.getValue().connection.isClosed()) {
                    continue;
                }
                if (entry.getValue().copy.isActive()) {
                    entry.getValue().copy.cancelCopy();
                }
                entry.getValue().connection.rollback();
                entry.getValue().connection.close();
            } catch (SQLException e) {
                log.warn("Abandoning the COPY into {} on {} failed: {}", entry.getKey().tableName(), url.describe(), e.getMessage());
            }
        }
        open.clear();
    }
}
