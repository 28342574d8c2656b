package com.roisystems.ml.config;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection settings every Kafka client of the service shares: the bootstrap servers and how to
 * reach them securely — {@code kafka.securityProtocol} ({@code SASL_SSL}, {@code SSL}, ...),
 * {@code kafka.saslMechanism}, {@code kafka.saslJaasConfig}, {@code kafka.sslTruststoreLocation} and
 * {@code kafka.sslTruststorePassword} (env {@code KAFKA_SECURITY_PROTOCOL}, ...), plus any other client
 * property under {@code kafka.clientProperties} in the config file. Passed through to Kafka unchanged,
 * so whatever the broker's operators configured works here too.
 *
 * <p>{@code Map<String, String> settings = new HashMap<>(KafkaClients.connection(config.getJsonObject("kafka")));}
 */
public final class KafkaClients {

    private static final Map<String, String> NAMED = Map.of(
            "securityProtocol", "security.protocol",
            "saslMechanism", "sasl.mechanism",
            "saslJaasConfig", "sasl.jaas.config",
            "sslTruststoreLocation", "ssl.truststore.location",
            "sslTruststorePassword", "ssl.truststore.password");

    private KafkaClients() {
    }

    public static Map<String, String> connection(JsonObject kafka) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", kafka.getString("bootstrapServers"));
        JsonObject extra = kafka.getJsonObject("clientProperties", new JsonObject());
        extra.forEach(entry -> settings.put(entry.getKey(), String.valueOf(entry.getValue())));
        NAMED.forEach((key, property) -> {
            Object value = kafka.getValue(key);
            if (value != null && !value.toString().isBlank()) {
                settings.put(property, value.toString());
            }
        });
        return settings;
    }
}
