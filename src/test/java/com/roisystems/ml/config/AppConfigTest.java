package com.roisystems.ml.config;

import com.roisystems.ml.cli.VerticleSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Configuration")
class AppConfigTest {

    @Test
    @DisplayName("layers defaults, then the file, then the environment")
    void laterLayersWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("roi.json");
        Files.writeString(file, "{\"http\": {\"port\": 9000}, \"kafka\": {\"activityTopic\": \"from.file\"}}");

        AppConfig config = AppConfig.load(file, Map.of("HTTP_PORT", "9100", "PG_URL", "postgresql://u:p@db:5432/roi"));

        assertThat(config.integer("http.port")).isEqualTo(9100);
        assertThat(config.string("kafka.activityTopic")).isEqualTo("from.file");
        assertThat(config.string("pg.url")).isEqualTo("postgresql://u:p@db:5432/roi");
        assertThat(config.string("kafka.consumerGroup")).isEqualTo("roi-ml-ingestion");
    }

    @Test
    @DisplayName("Kafka security settings from the environment and the file reach every client's connection settings")
    void kafkaSecurityIsPassedThrough(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("roi.json");
        Files.writeString(file, "{\"kafka\": {\"clientProperties\": {\"ssl.endpoint.identification.algorithm\": \"https\"}}}");
        AppConfig config = AppConfig.load(file, Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9093,k2:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"roi\" password=\"s\";"));
        Map<String, String> settings = KafkaClients.connection(config.json().getJsonObject("kafka"));
        assertThat(settings).containsEntry("bootstrap.servers", "k1:9093,k2:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsKey("sasl.jaas.config")
                .doesNotContainKey("ssl.truststore.location");
    }

    @Test
    @DisplayName("binds HTTP to 127.0.0.1 unless HTTP_HOST says otherwise")
    void bindsLoopbackByDefault() {
        assertThat(AppConfig.load(null, Map.of()).string("http.host")).isEqualTo("127.0.0.1");
        assertThat(AppConfig.load(null, Map.of("HTTP_HOST", "0.0.0.0")).string("http.host")).isEqualTo("0.0.0.0");
    }

    @Test
    @DisplayName("names the variable when a value has the wrong type")
    void malformedValueIsNamed() {
        assertThatThrownBy(() -> AppConfig.load(null, Map.of("HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_PORT")
                .hasMessageContaining("eighty");
    }

    @Test
    @DisplayName("names the file when it is not valid JSON")
    void malformedFileIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{ not json");

        assertThatThrownBy(() -> AppConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.json");
    }

    @Test
    @DisplayName("rejects a verticles.conf entry without instances to run")
    void verticleSpecIsValidated() {
        assertThatThrownBy(() -> VerticleSpec.parseAll(new io.vertx.core.json.JsonObject(
                "{\"verticles\": [{\"name\": \"api\", \"class\": \"x.Y\", \"instances\": 0}]}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("api");
    }
}
