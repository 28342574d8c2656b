package com.roisystems.ml.api;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The OpenAPI document")
class ApiDocumentTest {

    private static int port;
    private static HttpApiVerticle api;
    /** Swagger UI's own files, served for the docs page: not API operations. */
    private static final String DOCS_FILES = "/docs/swagger-ui/";

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers) throws Exception {
        api = new HttpApiVerticle();
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
                        .replace("{entity_type}", "USER").replace("{entity_id}", "user_1").replace("{id}", "1");
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
    @DisplayName("documents every route the running API registers (walked from the router and its sub-routers)")
    void documentsEveryRoute() throws Exception {
        Set<String> documented = new TreeSet<>();
        JsonObject paths = document().getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                documented.add(method.toUpperCase() + " " + path.replaceAll("\\{[^}]+}", "{}"));
            }
        }
        Set<String> served = new TreeSet<>();
        walk(api.router(), "", served);
        served.remove("GET " + DOCS_FILES);
        // The SockJS protocol's own routes (info, iframe, transports) under /eventbus: the bridge is documented in docs/admin-bus.md.
        served.removeIf(operation -> operation.substring(operation.indexOf(' ') + 1).startsWith(com.roisystems.ml.bridge.SockJsBridge.PATH));
        // Walking must find the API itself (at the root and, stripped, under /api/ml), or the check below proves nothing.
        assertThat(served).contains("POST /v1/admin/models/train", "GET /v1/admin/pipeline/runs/{}", "GET /v1/ws/events",
                "GET /v1/ws/predictions", "DELETE /v1/admin/users/{}", "GET /docs");
        List<String> undocumented = served.stream().filter(operation -> !documentedBy(documented, operation)).toList();
        assertThat(undocumented).isEmpty();
    }

    /**
     * Documented as is, or by concrete paths its parameter stands for: {@code POST /v1/predict/:type} is documented
     * as one operation per prediction type, each with its own request and response.
     */
    private static boolean documentedBy(Set<String> documented, String operation) {
        String pattern = Pattern.quote(operation).replace("{}", "\\E[^/]+\\Q");
        return documented.contains(operation) || documented.stream().anyMatch(candidate -> candidate.matches(pattern));
    }

    /**
     * Each route that names methods is an operation (its mount prefix plus its path); a route without methods is a
     * handler for every request (guards, rate limits, audit) and only counts when it mounts a sub-router.
     */
    private static void walk(Router router, String prefix, Set<String> operations) {
        for (Route route : router.getRoutes()) {
            String path = route.getPath() == null ? "" : route.getPath();
            if (route.getSubRouter() != null) {
                String mount = prefix + path.replaceAll("/?\\*$", "").replaceAll("/$", "");
                walk(route.getSubRouter(), mount.equals(HttpApiVerticle.BASE_PATH) ? "" : mount, operations);
            } else if (route.methods() != null && !route.methods().isEmpty()) {
                for (HttpMethod method : route.methods()) {
                    operations.add(method.name() + " " + (prefix + path).replaceAll(":[^/]+", "{}"));
                }
            }
        }
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

    @Test
    @DisplayName("has an interactive Swagger UI page, public, whose bundle this server serves (no CDN)")
    void swaggerUi(Vertx vertx) throws Exception {
        WebClient anonymous = WebClient.create(vertx);
        for (String base : List.of("", "/api/ml")) {
            HttpResponse<Buffer> page = anonymous.get(port, "127.0.0.1", base + "/docs").send().await(30, TimeUnit.SECONDS);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.getHeader("content-type")).startsWith("text/html");
            assertThat(page.bodyAsString()).contains("<script src=\"docs/swagger-ui/swagger-ui-bundle.js\">", "persistAuthorization: true")
                    .doesNotContain("https://");
            // The page's relative URL, resolved against the page's own address.
            HttpResponse<Buffer> bundle = anonymous.get(port, "127.0.0.1", base + "/docs/swagger-ui/swagger-ui-bundle.js").send()
                    .await(30, TimeUnit.SECONDS);
            assertThat(bundle.statusCode()).isEqualTo(200);
            assertThat(bundle.getHeader("content-type")).contains("javascript");
            assertThat(bundle.bodyAsString()).contains("SwaggerUIBundle");
            HttpResponse<Buffer> css = anonymous.get(port, "127.0.0.1", base + "/docs/swagger-ui/swagger-ui.css").send().await(30, TimeUnit.SECONDS);
            assertThat(css.statusCode()).isEqualTo(200);
            HttpResponse<Buffer> json = anonymous.get(port, "127.0.0.1", base + "/openapi.json").send().await(30, TimeUnit.SECONDS);
            assertThat(json.statusCode()).isEqualTo(200);
        }
        HttpResponse<Buffer> guarded = anonymous.get(port, "127.0.0.1", "/v1/admin/audit").send().await(30, TimeUnit.SECONDS);
        assertThat(guarded.statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("gives every operation a success example and documents 401/403/429 on protected ones")
    void examplesAndErrors() throws Exception {
        JsonObject paths = document().getJsonObject("paths");
        List<String> problems = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
                JsonObject responses = operation.getJsonObject("responses");
                String name = method.toUpperCase() + " " + path;
                if (!responses.containsKey("429")) {
                    problems.add(name + ": no 429");
                }
                boolean isPublic = operation.getJsonArray("security") != null && operation.getJsonArray("security").isEmpty();
                if (!isPublic && !path.equals("/health") && !(responses.containsKey("401") && responses.containsKey("403"))) {
                    problems.add(name + ": no 401/403");
                }
                // An HTML page (/docs) has no JSON body to give an example of (and text/html is beyond the contract validator).
                boolean hasBody = responses.fieldNames().stream().filter(code -> code.startsWith("2"))
                        .anyMatch(code -> responses.getJsonObject(code).containsKey("content"));
                if (hasBody && !operation.encode().contains("\"example")) {
                    problems.add(name + ": no example");
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
