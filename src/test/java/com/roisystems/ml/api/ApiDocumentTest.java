package com.roisystems.ml.api;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The OpenAPI document")
class ApiDocumentTest {

    private static int port;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers) throws Exception {
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(servers.config().json())).await(30, TimeUnit.SECONDS);
        port = api.actualPort();
    }

    private static JsonObject document() throws Exception {
        try (InputStream in = ApiDocumentTest.class.getResourceAsStream("/webroot/openapi.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("validates against the OpenAPI 3 meta-schema")
    void validates(Vertx vertx) throws Exception {
        OpenAPIContract contract = OpenAPIContract.from(vertx, document()).await(30, TimeUnit.SECONDS);
        assertThat(contract.operations()).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    @DisplayName("names only routes the service has, at the root and under /api/ml")
    void matchesTheRoutes(Vertx vertx) throws Exception {
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        List<String> missing = new ArrayList<>();
        JsonObject paths = document().getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                String concrete = path.replace("{model_name}", "move_probability_model").replace("{version}", "1")
                        .replace("{entity_type}", "USER").replace("{entity_id}", "user_1");
                for (String prefix : List.of("", "/api/ml")) {
                    HttpResponse<Buffer> response = client.request(HttpMethod.valueOf(method.toUpperCase()), port, "127.0.0.1", prefix + concrete)
                            .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{}")).await(30, TimeUnit.SECONDS);
                    if (response.statusCode() == 404 && response.bodyAsString().contains("no such route")) {
                        missing.add(method.toUpperCase() + " " + prefix + concrete);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
        HttpResponse<Buffer> unknown = client.get(port, "127.0.0.1", "/v1/not-a-route").send().await(30, TimeUnit.SECONDS);
        assertThat(unknown.bodyAsString()).contains("no such route");
    }

    @Test
    @DisplayName("is served with a docs page that loads it")
    void docsPage(Vertx vertx) throws Exception {
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        HttpResponse<Buffer> page = client.get(port, "127.0.0.1", "/api/ml/docs").send().await(30, TimeUnit.SECONDS);
        HttpResponse<Buffer> json = client.get(port, "127.0.0.1", "/api/ml/openapi.json").send().await(30, TimeUnit.SECONDS);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("content-type")).startsWith("text/html");
        assertThat(page.bodyAsString()).contains("fetch('openapi.json')");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.bodyAsJsonObject().getString("openapi")).startsWith("3.");
    }
}
