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
