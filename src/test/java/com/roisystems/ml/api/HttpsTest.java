package com.roisystems.ml.api;

import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vertx.junit5.VertxExtension;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("HTTPS on the API")
class HttpsTest {

    private static final String CERT = resource("tls/server-cert.pem");
    private static final String KEY = resource("tls/server-key.pem");

    @Test
    @DisplayName("serves over TLS with the configured PEM certificate and key, and refuses plain HTTP on that port")
    void servesHttps(Vertx vertx, TestServers servers) throws Exception {
        JsonObject config = servers.config().json();
        config.getJsonObject("http").put("tls", new JsonObject().put("certPath", CERT).put("keyPath", KEY));
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);

        WebClient https = WebClient.create(vertx, new WebClientOptions().setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(CERT)).setVerifyHost(true));
        var response = https.get(api.actualPort(), "localhost", "/health").send().await(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("healthy");

        WebClient plain = WebClient.create(vertx);
        assertThatThrownBy(() -> plain.get(api.actualPort(), "localhost", "/health").timeout(3_000).send().await(20, TimeUnit.SECONDS))
                .as("a plain HTTP request to the HTTPS port gets no answer");
    }

    @Test
    @DisplayName("refuses to start with a certificate but no key, or a file it cannot read, naming the setting")
    void refusesHalfConfiguredTls(Vertx vertx, TestServers servers) {
        JsonObject certOnly = servers.config().json();
        certOnly.getJsonObject("http").put("tls", new JsonObject().put("certPath", CERT));
        assertThatThrownBy(() -> vertx.deployVerticle(new HttpApiVerticle(), new DeploymentOptions().setConfig(certOnly)).await(20, TimeUnit.SECONDS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_TLS_KEY");

        JsonObject missingFile = servers.config().json();
        missingFile.getJsonObject("http").put("tls", new JsonObject().put("certPath", CERT).put("keyPath", "/nonexistent/key.pem"));
        assertThatThrownBy(() -> vertx.deployVerticle(new HttpApiVerticle(), new DeploymentOptions().setConfig(missingFile)).await(20, TimeUnit.SECONDS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http.tls.keyPath (HTTP_TLS_KEY): cannot read /nonexistent/key.pem");
    }

    private static String resource(String name) {
        try {
            return Path.of(HttpsTest.class.getClassLoader().getResource(name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
