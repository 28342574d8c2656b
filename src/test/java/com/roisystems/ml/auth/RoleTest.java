package com.roisystems.ml.auth;

import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Roles: each route lets its role through and answers any other 403 naming the role it needs")
class RoleTest {

    /** A route of each rule, the method it is called with, and the roles that may call it. */
    private record Rule(HttpMethod method, String path, Set<Role> allowed) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.POST, "/v1/predict/move-probability", Set.of(Role.CLIENT)),
            new Rule(HttpMethod.POST, "/v1/predict/batch", Set.of(Role.CLIENT)),
            new Rule(HttpMethod.GET, "/v1/features/catalog", Set.of(Role.CLIENT)),
            new Rule(HttpMethod.GET, "/v1/features/user/user_1", Set.of(Role.CLIENT)),
            new Rule(HttpMethod.POST, "/v1/feedback", Set.of(Role.CLIENT)),
            new Rule(HttpMethod.GET, "/v1/models/move_propensity/health", Set.of(Role.CLIENT, Role.MONITOR)),
            new Rule(HttpMethod.POST, "/v1/events", Set.of(Role.PRODUCER)),
            new Rule(HttpMethod.GET, "/v1/admin/models", Set.of(Role.ADMIN)),
            new Rule(HttpMethod.POST, "/v1/admin/models/train", Set.of(Role.ADMIN)),
            new Rule(HttpMethod.GET, "/v1/admin/pipeline/runs", Set.of(Role.ADMIN)),
            new Rule(HttpMethod.GET, "/v1/admin/dead-letters", Set.of(Role.ADMIN)),
            new Rule(HttpMethod.GET, "/metrics", Set.of(Role.MONITOR)));

    private static final Map<Role, String> TOKENS = Map.of(
            Role.CLIENT, TestTokens.client(), Role.PRODUCER, TestTokens.producer(),
            Role.ADMIN, TestTokens.admin(), Role.MONITOR, TestTokens.monitor());

    private static ApiUnderTest api;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers) {
        api = ApiUnderTest.deploy(vertx, servers.config().json());
    }

    @Test
    @DisplayName("a client token on an admin route: 403 {forbidden, this route needs the 'admin' role; the token has: client}")
    void forbiddenNamesTheRole() {
        HttpResponse<Buffer> response = api.get("/v1/admin/models", TestTokens.client());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", new JsonObject()
                .put("code", "forbidden").put("message", "this route needs the 'admin' role; the token has: client")));
        assertThat(ApiUnderTest.error(api.get("/v1/models/x/health", TestTokens.producer())).getString("message"))
                .isEqualTo("this route needs the 'client' or 'monitor' role; the token has: producer");
        assertThat(ApiUnderTest.error(api.get("/v1/features/catalog", TestTokens.mint("nobody", Set.of(), null))).getString("message"))
                .isEqualTo("this route needs the 'client' role; the token has: no role of this service");
    }

    @Test
    @DisplayName("every rule, at the root and under /api/ml: its roles pass the guard, the others get 403, no token gets 401")
    void everyRouteEveryRole() {
        for (Rule rule : RULES) {
            for (String prefix : new String[]{"", "/api/ml"}) {
                String path = prefix + rule.path();
                assertThat(api.call(rule.method(), path, null).statusCode()).as("no token on %s", path).isEqualTo(401);
                for (Role role : Role.values()) {
                    int status = api.call(rule.method(), path, TOKENS.get(role)).statusCode();
                    if (rule.allowed().contains(role)) {
                        // Past the guard the route answers for itself (503 here: the services behind it are not deployed).
                        assertThat(status).as("%s on %s", role, path).isNotIn(401, 403);
                    } else {
                        assertThat(status).as("%s on %s", role, path).isEqualTo(403);
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("/metrics answers Prometheus text to a monitor token at both paths")
    void metricsForMonitor(TestServers servers) throws Exception {
        // The service's Vert.x, with the Prometheus registry /metrics reads (the test's own has none).
        Vertx withMetrics = ServiceRuntime.createVertx();
        try {
            ApiUnderTest scraped = ApiUnderTest.deploy(withMetrics, servers.config().json());
            for (String path : new String[]{"/metrics", "/api/ml/metrics"}) {
                HttpResponse<Buffer> response = scraped.get(path, TestTokens.monitor());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.bodyAsString()).contains("# TYPE");
            }
        } finally {
            withMetrics.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("the API docs are public; a path no rule names needs a token (401), then is an ordinary 404")
    void publicAndUnknownRoutes() {
        assertThat(api.get("/openapi.json", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/ml/docs", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/v1/nothing-here", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/v1/nothing-here", TestTokens.client()).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/ml/v1/nothing-here", TestTokens.client()).statusCode()).isEqualTo(404);
    }
}
