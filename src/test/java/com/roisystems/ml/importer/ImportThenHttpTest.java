package com.roisystems.ml.importer;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.ingest.IngestServiceVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static com.roisystems.ml.importer.ImportFiles.HEADER;
import static com.roisystems.ml.importer.ImportFiles.mapping;
import static com.roisystems.ml.importer.ImportFiles.run;
import static com.roisystems.ml.importer.ImportFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("import and the live path agree: an imported event sent again over HTTP is a duplicate")
class ImportThenHttpTest {

    private static int port;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        JsonObject config = servers.config().json();
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(new IngestServiceVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)))
                .onComplete(testContext.succeeding(id -> {
                    port = api.actualPort();
                    testContext.completeNow();
                }));
    }

    @Test
    @DisplayName("every event the import stored (entities through the ledger, activity by event id) answers 'duplicate' on POST /v1/events")
    void importedEventsAreDuplicatesOverHttp(Vertx vertx, TestServers servers, VertxTestContext testContext, @TempDir Path directory)
            throws Exception {
        Path csv = write(directory, "sales.csv", HEADER
                + "1,C1,35_49,94110,1 Http St,CONDO,2,1,900,,1960,2023-01-10,900000\n"
                + "2,C2,50_64,94110,2 Http St,SINGLE_FAMILY,3,2,1500,3000,1950,2023-02-10,1300000\n");
        Path emitted = directory.resolve("events.jsonl");
        // JDBC on the test thread, before any asynchronous step.
        int exit = run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping", write(directory, "m.json", mapping("http").encode()).toString(),
                "--emit", emitted.toString());
        assertThat(exit).isZero();
        JsonArray events = new JsonArray();
        Files.readAllLines(emitted, StandardCharsets.UTF_8).forEach(line -> events.add(new JsonObject(line)));
        assertThat(events).hasSize(6);

        WebClient client = TestTokens.webClient(vertx, TestTokens.mint("importer-test", Set.of(Role.PRODUCER), "acme"));
        client.post(port, "127.0.0.1", "/v1/events").sendJson(events)
                .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(202);
                    JsonArray results = response.bodyAsJsonObject().getJsonArray("results");
                    assertThat(results).hasSize(6);
                    for (int i = 0; i < results.size(); i++) {
                        assertThat(results.getJsonObject(i).getString("status")).as(results.getJsonObject(i).encode()).isEqualTo("duplicate");
                    }
                    testContext.completeNow();
                })));
    }
}
