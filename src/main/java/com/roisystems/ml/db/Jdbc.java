package com.roisystems.ml.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Blocking JDBC connections, for the few jobs the reactive client does not do: Flyway migrations and
 * bulk COPY loads. Callers run on worker threads or in command-line tools, never on an event loop.
 */
public final class Jdbc {

    private Jdbc() {
    }

    public static Connection connect(DatabaseUrl url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", url.user());
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "roi-ml");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }
}
