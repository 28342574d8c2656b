package com.roisystems.ml.monitoring;

import com.roisystems.ml.monitoring.drift.DriftSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The monitoring configuration")
class MonitoringSettingsTest {

    @Test
    @DisplayName("reads metric switches whether the section was parsed from a file or built in code")
    void readsNestedMetrics() {
        JsonObject built = new JsonObject().put("monitoring", new JsonObject().put("alpha", 0.05)
                .put("metrics", new JsonObject().put("ks", false)));
        JsonObject parsed = new JsonObject(built.encode());
        for (JsonObject config : new JsonObject[] {built, parsed}) {
            MonitoringSettings settings = MonitoringSettings.of(config);
            assertThat(settings.drift().alpha()).isEqualTo(0.05);
            assertThat(settings.drift().enabled(DriftSettings.Metric.KS)).isFalse();
            assertThat(settings.drift().enabled(DriftSettings.Metric.PSI)).isTrue();
        }
        assertThat(MonitoringSettings.of(new JsonObject()).drift()).isEqualTo(DriftSettings.DEFAULTS);
        assertThat(MonitoringSettings.of(new JsonObject()).closeGraceMs()).isEqualTo(120_000);
    }

    @Test
    @DisplayName("refuses a sketch size out of range, naming the key")
    void refusesBadSketchK() {
        assertThatThrownBy(() -> MonitoringSettings.of(new JsonObject().put("monitoring", new JsonObject().put("sketchK", 2))))
                .hasMessageContaining("monitoring.sketchK");
    }
}
