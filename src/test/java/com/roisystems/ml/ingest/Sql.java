package com.roisystems.ml.ingest;

import com.roisystems.ml.db.Jdbc;
import com.roisystems.ml.testing.TestServers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Reads counts straight from the database, to check what the service wrote. */
final class Sql {

    private Sql() {
    }

    static long count(TestServers servers, String sql) throws Exception {
        try (Connection connection = Jdbc.connect(servers.database()); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
