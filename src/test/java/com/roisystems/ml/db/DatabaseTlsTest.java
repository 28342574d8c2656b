package com.roisystems.ml.db;

import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("PostgreSQL over TLS")
class DatabaseTlsTest {

    private static final String SSL_IN_USE = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    private static EmbeddedPostgres tlsServer;
    private static String caFile;

    @BeforeAll
    static void startServerWithTls(@TempDir Path directory) throws Exception {
        caFile = Path.of(DatabaseTlsTest.class.getClassLoader().getResource("tls/server-cert.pem").toURI()).toString();
        // PostgreSQL refuses a private key that others may read; a checkout does not keep file modes.
        Path key = directory.resolve("server-key.pem");
        Files.copy(Path.of(DatabaseTlsTest.class.getClassLoader().getResource("tls/server-key.pem").toURI()), key,
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        tlsServer = EmbeddedPostgres.builder()
                .setDataDirectory(directory.resolve("data"))
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", caFile)
                .setServerConfig("ssl_key_file", key.toString())
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (tlsServer != null) {
            tlsServer.close();
        }
    }

    @Test
    @DisplayName("sslmode=verify-full with the CA reaches the server encrypted, from the reactive pool and from JDBC")
    void verifyFullConnectsEncrypted(Vertx vertx) throws Exception {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres:postgres@localhost:" + tlsServer.getPort()
                + "/postgres?sslmode=verify-full&sslrootcert=" + caFile);
        Pool pool = PgBuilder.pool().connectingTo(url.connectOptions()).using(vertx).build();
        try {
            boolean reactive = pool.query(SSL_IN_USE).execute().await(20, TimeUnit.SECONDS).iterator().next().getBoolean(0);
            assertThat(reactive).as("the reactive pool's connection is encrypted").isTrue();
        } finally {
            pool.close().await(10, TimeUnit.SECONDS);
        }
        try (Connection connection = Jdbc.connect(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(SSL_IN_USE)) {
            rows.next();
            assertThat(rows.getBoolean(1)).as("the JDBC connection is encrypted").isTrue();
        }
    }

    @Test
    @DisplayName("sslmode=require against a server without TLS fails instead of falling back to plain text")
    void requireRefusesPlainServers(Vertx vertx, TestServers servers) {
        DatabaseUrl plain = servers.database();
        DatabaseUrl url = DatabaseUrl.parse("postgresql://" + plain.user() + ":" + plain.password() + "@" + plain.host() + ":"
                + plain.port() + "/" + plain.database() + "?sslmode=require");
        Pool pool = PgBuilder.pool().connectingTo(url.connectOptions()).using(vertx).build();
        assertThatThrownBy(() -> pool.query("SELECT 1").execute().await(20, TimeUnit.SECONDS)).isNotNull();
        assertThatThrownBy(() -> Jdbc.connect(url).close()).isNotNull();
        pool.close();
    }

    @Test
    @DisplayName("an unknown sslmode, a verify mode without a CA file, or an unreadable CA file is a configuration error naming it")
    void badTlsSettingsAreNamed() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@h:5432/db?sslmode=always"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sslmode must be one of");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@h:5432/db?sslmode=verify-full"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs sslrootcert");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@h:5432/db?sslmode=verify-ca&sslrootcert=/nowhere/ca.pem"))
                .isInstanceOf(ConfigException.class).hasMessage("PG_URL sslrootcert: cannot read /nowhere/ca.pem");
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@h:5432/db?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require");
        assertThat(url.withDatabase("other").toUrl()).isEqualTo("postgresql://u:p@h:5432/other?sslmode=require");
    }
}
