package com.roisystems.ml.config;

import java.util.Arrays;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The service configuration: defaults from {@code application.json} on the class path, then an optional
 * config file, then system properties ({@code -Droi.http.port=8080}), then environment variables.
 * Later layers win. The result is plain JSON so each verticle receives its section unchanged.
 *
 * <p>{@code AppConfig config = AppConfig.load(Path.of("roi.json"), System.getenv());}
 */
public final class AppConfig {

    /** Environment variables the service reads, and the config path each one sets. */
    public static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("PG_URL", "pg.url"),
            Map.entry("PG_POOL_SIZE", "pg.poolSize"),
            Map.entry("REDIS_URL", "redis.url"),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrapServers"),
            Map.entry("KAFKA_ACTIVITY_TOPIC", "kafka.activityTopic"),
            Map.entry("KAFKA_EMBEDDED_PORT", "kafka.embeddedPort"),
            Map.entry("KAFKA_SECURITY_PROTOCOL", "kafka.securityProtocol"),
            Map.entry("KAFKA_SASL_MECHANISM", "kafka.saslMechanism"),
            Map.entry("KAFKA_SASL_JAAS_CONFIG", "kafka.saslJaasConfig"),
            Map.entry("KAFKA_SSL_TRUSTSTORE_LOCATION", "kafka.sslTruststoreLocation"),
            Map.entry("KAFKA_SSL_TRUSTSTORE_PASSWORD", "kafka.sslTruststorePassword"),
            Map.entry("HTTP_PORT", "http.port"),
            Map.entry("HTTP_HOST", "http.host"),
            Map.entry("BRIDGE_TCP_PORT", "bridge.tcp.port"),
            Map.entry("HTTP_TLS_CERT", "http.tls.certPath"),
            Map.entry("HTTP_TLS_KEY", "http.tls.keyPath"),
            Map.entry("REDIS_TLS_CA", "redis.tls.caPath"),
            Map.entry("DATA_DIR", "dataDir"),
            Map.entry("AUTH_ENABLED", "auth.enabled"),
            Map.entry("AUTH_HMAC_SECRET", "auth.hmacSecret"),
            Map.entry("AUTH_HMAC_SECRET_FILE", "auth.hmacSecretFile"),
            Map.entry("AUTH_JWKS_FILE", "auth.jwksFile"),
            Map.entry("AUTH_ISSUER", "auth.issuer"),
            Map.entry("AUTH_AUDIENCE", "auth.audience"),
            Map.entry("SIM_USERS", "simulate.users"),
            Map.entry("SIM_SEED", "simulate.seed"),
            Map.entry("CLUSTER_ENABLED", "cluster.enabled"),
            Map.entry("CLUSTER_NAME", "cluster.name"),
            Map.entry("CLUSTER_HOST", "cluster.host"),
            Map.entry("CLUSTER_PUBLIC_HOST", "cluster.publicHost"),
            Map.entry("CLUSTER_PORT", "cluster.port"),
            Map.entry("CLUSTER_BUS_PORT", "cluster.busPort"),
            Map.entry("CLUSTER_MEMBERS", "cluster.members"));

    private static final String SYSTEM_PROPERTY_PREFIX = "roi.";

    private final JsonObject json;

    private AppConfig(JsonObject json) {
        this.json = json;
    }

    /**
     * Reads every layer. A missing or malformed file and a value of the wrong type are reported as
     * {@link ConfigException} naming the file or the key.
     */
    public static AppConfig load(Path configFile, Map<String, String> environment) {
        JsonObject merged = readDefaults();
        if (configFile != null) {
            merged.mergeIn(readFile(configFile), true);
        }
        for (String property : System.getProperties().stringPropertyNames()) {
            if (property.startsWith(SYSTEM_PROPERTY_PREFIX) && !property.equals("roi.logDir") && !property.equals("roi.logLevel")) {
                put(merged, property.substring(SYSTEM_PROPERTY_PREFIX.length()), System.getProperty(property), "-D" + property);
            }
        }
        ENVIRONMENT.forEach((variable, path) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                put(merged, path, value, variable);
            }
        });
        return new AppConfig(merged);
    }

    /** Wraps an existing JSON tree, as tests do. */
    public static AppConfig of(JsonObject json) {
        return new AppConfig(readDefaults().mergeIn(json, true));
    }

    public JsonObject json() {
        return json;
    }

    /** The section at {@code path} (dot-separated), or an empty object. */
    public JsonObject section(String path) {
        Object value = lookup(path);
        return value instanceof JsonObject object ? object : new JsonObject();
    }

    public String string(String path) {
        Object value = lookup(path);
        return value == null ? "" : value.toString();
    }

    public int integer(String path) {
        Object value = lookup(path);
        if (value instanceof Number number) {
            return number.intValue();
        }
        throw new ConfigException("configuration value '" + path + "' must be a whole number, got: " + value);
    }

    public Path dataDir() {
        return Path.of(string("dataDir"));
    }

    /** Returns a copy with {@code path} set, for wiring computed values such as embedded server URLs. */
    public AppConfig with(String path, Object value) {
        JsonObject copy = json.copy();
        set(copy, path, value);
        return new AppConfig(copy);
    }

    private Object lookup(String path) {
        return DottedPath.of(path).read(json);
    }

    private static JsonObject readDefaults() {
        try (InputStream in = AppConfig.class.getResourceAsStream("/application.json")) {
            if (in == null) {
                throw new ConfigException("application.json is missing from the class path");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot read application.json: " + e.getMessage());
        }
    }

    private static JsonObject readFile(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        } catch (DecodeException e) {
            throw new ConfigException("config file " + file + " is not valid JSON: " + e.getMessage());
        }
    }

    /** Sets a string from the outside, converted to the type the default has, so typos fail early. */
    private static void put(JsonObject root, String path, String raw, String source) {
        Object existing = new AppConfig(root).lookup(path);
        Object converted;
        try {
            if (existing instanceof Integer || existing instanceof Long) {
                converted = Long.parseLong(raw.trim());
            } else if (existing instanceof Number) {
                converted = Double.parseDouble(raw.trim());
            } else if (existing instanceof Boolean) {
                if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                    throw new NumberFormatException(raw);
                }
                converted = Boolean.parseBoolean(raw);
            } else if (existing instanceof JsonArray) {
                converted = new JsonArray(Arrays.stream(raw.split(",")).map(String::trim).toList());
            } else {
                converted = raw;
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(source + " must be a " + existing.getClass().getSimpleName().toLowerCase()
                    + " for '" + path + "', got: '" + raw + "'");
        }
        set(root, path, converted);
    }

    private static void set(JsonObject root, String path, Object value) {
        DottedPath.of(path).write(root, value);
    }
}
