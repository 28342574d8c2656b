package com.roisystems.ml.testing;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' one way to reach PostgreSQL over plain JDBC (on {@link Jdbc#connect}): set rows up, and
 * read back what the service wrote. {@code ?} parameters bind in order; an {@link Instant} binds as a
 * timestamp. Each call opens and closes its own connection, unless the helper is bound to one with
 * {@link #on(Connection)} or {@link #withConnection(Work)} (many statements, transactions, locks).
 *
 * <p>JDBC blocks: call it on the test thread, or from an async test through {@link #onWorker(Vertx, Work)}.
 * On an event loop it refuses to run.
 *
 * <p>{@code long n = servers.jdbc().count("SELECT count(*) FROM users WHERE region_id = ?", "R1");}
 */
public final class TestDatabase {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work against the database, given a helper to run it with. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(TestDatabase database) throws Exception;
    }

    private final DatabaseUrl url;
    private final Connection connection;

    private TestDatabase(DatabaseUrl url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /** Opens a connection to {@code url} per call. */
    public static TestDatabase of(DatabaseUrl url) {
        return new TestDatabase(url, null);
    }

    /** Runs every call on {@code connection}, which the caller owns and closes (transactions, locks, pids). */
    public static TestDatabase on(Connection connection) {
        return new TestDatabase(null, connection);
    }

    public DatabaseUrl url() {
        return url;
    }

    /** Another database on the same server, e.g. {@code postgres} for ALTER DATABASE. */
    public TestDatabase database(String name) {
        return of(requireUrl().withDatabase(name));
    }

    /** A new connection, for the caller to close. */
    public Connection connect() throws SQLException {
        refuseEventLoop();
        return Jdbc.connect(requireUrl());
    }

    /** Runs {@code work} with every call on one connection, closed afterwards. */
    public <T> T withConnection(Work<T> work) throws Exception {
        if (connection != null) {
            return work.apply(this);
        }
        try (Connection opened = connect()) {
            return work.apply(on(opened));
        }
    }

    /** Runs {@code work} on a worker thread of {@code vertx}: the way for async tests to use JDBC. */
    public <T> Future<T> onWorker(Vertx vertx, Work<T> work) {
        return vertx.executeBlocking(() -> work.apply(this));
    }

    /** Executes a statement; returns the rows it changed (0 for DDL). */
    public int execute(String sql, Object... args) throws SQLException {
        return run(c -> {
            if (args.length == 0) {
                try (Statement statement = c.createStatement()) {
                    statement.execute(sql);
                    return Math.max(statement.getUpdateCount(), 0);
                }
            }
            try (PreparedStatement statement = prepare(c, sql, args)) {
                statement.execute();
                return Math.max(statement.getUpdateCount(), 0);
            }
        });
    }

    /** The first column of the one row {@code sql} returns, as a number: {@code SELECT count(*) ...}. */
    public long count(String sql, Object... args) throws SQLException {
        List<Long> values = query(sql, row -> {
            long value = row.getLong(1);
            return row.wasNull() ? null : value;
        }, args);
        if (values.isEmpty() || values.get(0) == null) {
            throw new IllegalStateException((values.isEmpty() ? "no row" : "NULL") + " where a number was expected: " + sql);
        }
        return values.get(0);
    }

    /** The first column of the first row, as {@code type}; null for SQL NULL. Fails when there is no row. */
    public <T> T queryForObject(String sql, Class<T> type, Object... args) throws SQLException {
        List<T> values = query(sql, row -> row.getObject(1, type), args);
        if (values.isEmpty()) {
            throw new IllegalStateException("no row from: " + sql);
        }
        return values.get(0);
    }

    /** Every row as column label → value, in column order. */
    public List<Map<String, Object>> queryForList(String sql, Object... args) throws SQLException {
        return query(sql, row -> {
            ResultSetMetaData meta = row.getMetaData();
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                values.put(meta.getColumnLabel(i), row.getObject(i));
            }
            return values;
        }, args);
    }

    /** Every row, mapped. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        return run(c -> {
            try (PreparedStatement statement = prepare(c, sql, args); ResultSet rows = statement.executeQuery()) {
                List<T> mapped = new ArrayList<>();
                while (rows.next()) {
                    mapped.add(mapper.map(rows));
                }
                return mapped;
            }
        });
    }

    @FunctionalInterface
    private interface ConnectionCall<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T run(ConnectionCall<T> call) throws SQLException {
        refuseEventLoop();
        if (connection != null) {
            return call.apply(connection);
        }
        try (Connection opened = Jdbc.connect(requireUrl())) {
            return call.apply(opened);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Instant instant) {
                    statement.setTimestamp(i + 1, Timestamp.from(instant));
                } else {
                    statement.setObject(i + 1, args[i]);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private DatabaseUrl requireUrl() {
        if (url == null) {
            throw new IllegalStateException("bound to one connection; it has no URL to open another");
        }
        return url;
    }

    private static void refuseEventLoop() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking JDBC on event loop thread " + Thread.currentThread().getName()
                    + ": run it on the test thread, or through TestDatabase.onWorker(vertx, ...)");
        }
    }
}
