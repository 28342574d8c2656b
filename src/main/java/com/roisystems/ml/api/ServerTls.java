package com.roisystems.ml.api;

import com.roisystems.ml.config.ConfigException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HTTPS for the API when {@code http.tls.certPath} and {@code http.tls.keyPath} (env {@code HTTP_TLS_CERT},
 * {@code HTTP_TLS_KEY}) name a PEM certificate chain and its private key; plain HTTP otherwise, which is
 * what the demo on 127.0.0.1 uses. A half-configured or unreadable pair stops the start, naming the setting.
 *
 * <p>{@code vertx.createHttpServer(ServerTls.options(config.getJsonObject("http")))}
 */
final class ServerTls {

    private ServerTls() {
    }

    static HttpServerOptions options(JsonObject http) {
        HttpServerOptions options = new HttpServerOptions();
        JsonObject tls = http.getJsonObject("tls", new JsonObject());
        String cert = blankToNull(tls.getString("certPath"));
        String key = blankToNull(tls.getString("keyPath"));
        if (cert == null && key == null) {
            return options;
        }
        if (cert == null || key == null) {
            throw new ConfigException("http.tls: set both certPath and keyPath (HTTP_TLS_CERT and HTTP_TLS_KEY), or neither for plain HTTP");
        }
        requireReadable(cert, "http.tls.certPath (HTTP_TLS_CERT)");
        requireReadable(key, "http.tls.keyPath (HTTP_TLS_KEY)");
        return options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
    }


    private static void requireReadable(String file, String setting) {
        if (!Files.isReadable(Path.of(file))) {
            throw new ConfigException(setting + ": cannot read " + file);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
