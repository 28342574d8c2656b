package com.roisystems.ml.db;

import com.roisystems.ml.config.ConfigException;
import io.vertx.pgclient.PgConnectOptions;

/**
 * One PostgreSQL URL ({@code postgresql://user:password@host:port/database}) read once and handed out
 * in the two forms the service needs: Vert.x connect options for the reactive pool, and JDBC for the
 * migration runner and COPY-based bulk loaders.
 *
 * <p>{@code DatabaseUrl url = DatabaseUrl.parse(System.getenv("PG_URL"));}
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("PG_URL is empty");
        }
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(url.replaceFirst("^jdbc:", ""));
        } catch (RuntimeException e) {
            throw new ConfigException("PG_URL is not a postgresql:// URL: " + redact(url));
        }
        return new DatabaseUrl(options.getHost(), options.getPort(), options.getDatabase(),
                options.getUser(), options.getPassword());
    }

    public PgConnectOptions connectOptions() {
        return new PgConnectOptions()
                .setHost(host).setPort(port).setDatabase(database)
                .setUser(user).setPassword(password)
                .setPipeliningLimit(256)
                .setCachePreparedStatements(true)
                // The feature-vector statement is ~23 KB of SQL; above the default 2 KB limit it would be
                // parsed and planned again on every call (~50 ms), so the cache takes statements this long.
                .setPreparedStatementCacheSqlLimit(128 * 1024);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The same server, another database: tests create one database per test class. */
    public DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(host, port, otherDatabase, user, password);
    }

    public String toUrl() {
        return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
    }

    /** For logs and error messages: never print a password. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    private static String redact(String url) {
        return url.replaceAll("://([^:@/]+):[^@]*@", "://$1:***@");
    }
}
