package com.roisystems.ml.auth;

import com.roisystems.ml.api.HttpApiVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.concurrent.TimeUnit;

/** The HTTP API deployed alone with a given config, and blocking calls to it with or without a token. */
record ApiUnderTest(Vertx vertx, int port, WebClient http) {

    static ApiUnderTest deploy(Vertx vertx, JsonObject config) {
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).timeout(30, TimeUnit.SECONDS).await();
        return new ApiUnderTest(vertx, api.actualPort(), WebClient.create(vertx));
    }

    /** {@code token == null}: no Authorization header. */
    HttpResponse<Buffer> call(HttpMethod method, String path, String token) {
        HttpRequest<Buffer> request = http.request(method, port, "127.0.0.1", path);
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        return (method == HttpMethod.POST ? request.sendJsonObject(new JsonObject().put("entity_id", "user_1")) : request.send())
                .timeout(30, TimeUnit.SECONDS).await();
    }

    HttpResponse<Buffer> get(String path, String token) {
        return call(HttpMethod.GET, path, token);
    }

    HttpResponse<Buffer> post(String path, String token) {
        return call(HttpMethod.POST, path, token);
    }

    WebSocket connect(WebSocketConnectOptions options) {
        return vertx.createWebSocketClient().connect(options.setHost("127.0.0.1").setPort(port).setAllowOriginHeader(false))
                .timeout(30, TimeUnit.SECONDS).await();
    }

    static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }
}
