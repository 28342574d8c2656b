package com.roisystems.ml.db;

import com.roisystems.ml.config.Redaction;
import java.util.Set;
import java.util.Map;
import java.util.LinkedHashMap;
import java.nio.file.Path;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.net.URLDecoder;
import io.vertx.pgclient.SslMode;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ClientSSLOptions;
import com.roisystems.ml.config.ConfigException;
import io.vertx.pgclient.PgConnectOptions;

/**
 * One PostgreSQL URL ({@code postgresql://user:password@host:port/database?sslmode=verify-full&sslrootcert=/ca.pem})
 * read once and handed out in the two forms the service needs: Vert.x connect options for the reactive
 * pool, and JDBC for the migration runner and COPY-based bulk loaders. {@code sslmode} takes libpq's values
 * ({@code disable}, {@code allow}, {@code prefer}, {@code require}, {@code verify-ca}, {@code verify-full});
 * {@code sslrootcert} is the PEM file of the CA the server's certificate must chain to (verify-ca and up).
 *
 * <p>{@code DatabaseUrl url = DatabaseUrl.parse(System.getenv("PG_URL"));}
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, String sslMode, String sslRootCert) {

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public DatabaseUrl(String host, int port, String database, String user, String password) {
        this(host, port, database, user, password, null, null);
    }

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("PG_URL is empty");
        }
        String plain = url.replaceFirst("^jdbc:", "");
        int query = plain.indexOf('?');
        Map<String, String> parameters = query < 0 ? Map.of() : parameters(plain.substring(query + 1));
        PgConnectOptions options;
        try {
            // TLS settings are applied here, not by the URI parser, so both the reactive pool and JDBC get them.
            options = PgConnectOptions.fromUri(query < 0 ? plain : plain.substring(0, query));
        } catch (RuntimeException e) {
            throw new ConfigException("PG_URL is not a postgresql:// URL: " + Redaction.redact(url));
        }
        String sslMode = parameters.get("sslmode");
        if (sslMode != null && !SSL_MODES.contains(sslMode)) {
            throw new ConfigException("PG_URL sslmode must be one of " + SSL_MODES.stream().sorted().toList() + ", got '" + sslMode + "'");
        }
        String rootCert = parameters.get("sslrootcert");
        if (rootCert != null && !Files.isReadable(Path.of(rootCert))) {
            throw new ConfigException("PG_URL sslrootcert: cannot read " + rootCert);
        }
        if (("verify-ca".equals(sslMode) || "verify-full".equals(sslMode)) && rootCert == null) {
            throw new ConfigException("PG_URL sslmode=" + sslMode + " needs sslrootcert=/path/to/ca.pem to verify the server against");
        }
        return new DatabaseUrl(options.getHost(), options.getPort(), options.getDatabase(),
                options.getUser(), options.getPassword(), sslMode, rootCert);
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    public PgConnectOptions connectOptions() {
        PgConnectOptions options = new PgConnectOptions()
                .setHost(host).setPort(port).setDatabase(database)
                .setUser(user).setPassword(password)
                .setPipeliningLimit(256)
                .setCachePreparedStatements(true)
                // The feature-vector statement is ~23 KB of SQL; above the default 2 KB limit it would be
                // parsed and planned again on every call (~50 ms), so the cache takes statements this long.
                .setPreparedStatementCacheSqlLimit(128 * 1024);
        if (sslMode != null) {
            options.setSslMode(SslMode.of(sslMode));
        }
        if (sslRootCert != null) {
            options.setSslOptions(new ClientSSLOptions()
                    .setTrustOptions(new PemTrustOptions().addCertPath(sslRootCert))
                    // verify-full checks that the certificate names the host; verify-ca only that a trusted CA signed it.
                    .setHostnameVerificationAlgorithm("verify-full".equals(sslMode) ? "HTTPS" : ""));
        }
        return options;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + tlsQuery();
    }

    /** {@code ?sslmode=...&sslrootcert=...}, the same parameter names libpq and pgjdbc read; empty without TLS settings. */
    private String tlsQuery() {
        StringBuilder query = new StringBuilder();
        if (sslMode != null) {
            query.append("sslmode=").append(URLEncoder.encode(sslMode, StandardCharsets.UTF_8));
        }
        if (sslRootCert != null) {
            query.append(query.isEmpty() ? "" : "&").append("sslrootcert=").append(URLEncoder.encode(sslRootCert, StandardCharsets.UTF_8));
        }
        return query.isEmpty() ? "" : "?" + query;
    }

    /** The same server, another database: tests create one database per test class. */
    public DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(host, port, otherDatabase, user, password, sslMode, sslRootCert);
    }

    public String toUrl() {
        return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database + tlsQuery();
    }

    /** For logs and error messages: never print a password. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

}
