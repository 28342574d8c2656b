package com.roisystems.ml.monitoring;

import com.roisystems.ml.bus.HealthProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ConnectException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The health report")
class HealthReportTest {

    private static final HealthProbe CACHE = HealthProbe.of("redis", false, () -> Future.succeededFuture(new JsonObject()
            .put("status", HealthProbe.UP)
            .put("address", "redis://:cache-secret@cache:6379")
            .put("replicas", new JsonArray().add(new JsonObject().put("address", "rediss://default:replica-secret@replica:6380/0")))));
    private static final HealthProbe DATABASE = HealthProbe.of("postgres", true, () -> Future.failedFuture(
            new ConnectException("cannot reach postgresql://roi:db-secret@db:5432/roi?sslmode=require&password=db-secret")));

    @Test
    @DisplayName("shows every component's details without a credential, also in a failure's message")
    void detailsCarryNoCredentials(Vertx vertx, VertxTestContext testContext) {
        new HealthReport(vertx, List.of(CACHE, DATABASE), 2_000).check().onComplete(testContext.succeeding(report -> testContext.verify(() -> {
            assertThat(report.getString("status")).isEqualTo("unhealthy");
            JsonObject components = report.getJsonObject("components");
            assertThat(components.getJsonObject("redis").getString("address")).isEqualTo("redis://***@cache:6379");
            assertThat(components.getJsonObject("redis").getJsonArray("replicas").getJsonObject(0).getString("address"))
                    .isEqualTo("rediss://***@replica:6380/0");
            assertThat(components.getJsonObject("postgres").getString("status")).isEqualTo("DOWN");
            assertThat(components.getJsonObject("postgres").getString("error"))
                    .isEqualTo("cannot reach postgresql://***@db:5432/roi?sslmode=require&password=***");
            assertThat(report.encode()).doesNotContain("secret");
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("has a public view that says only healthy, degraded or unhealthy")
    void summaryIsTheStatusAlone(Vertx vertx, VertxTestContext testContext) {
        new HealthReport(vertx, List.of(CACHE), 2_000).check().map(HealthReport::summary)
                .onComplete(testContext.succeeding(summary -> testContext.verify(() -> {
                    assertThat(summary).isEqualTo(new JsonObject().put("status", "healthy"));
                    testContext.completeNow();
                })));
    }
}
