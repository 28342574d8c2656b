package com.roisystems.ml.config;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisOptions;

/**
 * The options every Redis client of the service shares: the URL ({@code redis.url}, env {@code REDIS_URL}) —
 * {@code redis://:password@host:6379} or, encrypted, {@code rediss://:password@host:6380} — and for TLS the CA that
 * signed the server's certificate ({@code redis.tls.caPath}, env {@code REDIS_TLS_CA}; without it the JDK's trust
 * store decides). The server's host name is verified against its certificate, as a browser would.
 *
 * <p>{@code Redis redis = Redis.createClient(vertx, RedisClients.options(config.getJsonObject("redis")));}
 */
public final class RedisClients {

    private RedisClients() {
    }

    public static RedisOptions options(JsonObject redis) {
        String url = redis.getString("url");
        RedisOptions options = new RedisOptions().setConnectionString(url);
        if (url != null && url.startsWith("rediss://")) {
            NetClientOptions net = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            String caPath = redis.getJsonObject("tls", new JsonObject()).getString("caPath", "");
            if (!caPath.isBlank()) {
                net.setTrustOptions(new PemTrustOptions().addCertPath(caPath));
            }
            options.setNetClientOptions(net);
        }
        return options;
    }
}
