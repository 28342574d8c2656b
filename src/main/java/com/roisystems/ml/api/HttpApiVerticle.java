package com.roisystems.ml.api;

import com.roisystems.ml.audit.AuditHandler;
import com.roisystems.ml.audit.AuditLog;
import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.auth.BearerAuthentication;
import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.auth.TokenKeys;
import com.roisystems.ml.auth.TokenVerifier;
import com.roisystems.ml.bridge.BridgeVerticle;
import com.roisystems.ml.bridge.SockJsBridge;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.OnlineStore;
import com.roisystems.ml.monitoring.DependencyProbes;
import com.roisystems.ml.monitoring.HealthReport;
import com.roisystems.ml.privacy.UserErasure;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.ratelimit.AdmissionControl;
import com.roisystems.ml.ratelimit.RateLimitHandler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP edge: health, metrics and the routes of each capability, mounted both at the root and under
 * {@code /api/ml} (the original design's base path). It validates and translates; the work happens
 * behind the event bus. With authentication on (the default) every request passes
 * {@link BearerAuthentication} and the role rules of {@link ApiAccess}; only liveness {@code /health}, the
 * API docs ({@code /openapi.json}, the interactive Swagger UI page {@code /docs} and its files) and the admin console's
 * static files ({@code /admin/}: its pages call the API with the token the admin signs in with) are public.
 */
public final class HttpApiVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(HttpApiVerticle.class);
    public static final String BASE_PATH = "/api/ml";
    /** Swagger UI's files in its WebJar (the version is the pom's), served under {@code /docs/swagger-ui/} for the docs page. */
    static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.17.14";
    /** The admin console's pages and vendored browser libraries, served under {@code /admin/}. */
    static final String ADMIN_CONSOLE = "webroot/admin";

    private HttpServer server;
    private Router root;
    private PredictionSocket predictionSocket;
    private Redis redis;

    @Override
    public Future<?> start() {
        JsonObject config = config();
        AuthSettings auth = AuthSettings.from(config.getJsonObject("auth"));
        return tokenVerifier(auth).compose(verifier -> listen(config, auth, verifier));
    }

    /** The verifier of the configured keys (read off the event loop); none when authentication is switched off. */
    private Future<Optional<TokenVerifier>> tokenVerifier(AuthSettings auth) {
        if (!auth.enabled()) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.executeBlocking(() -> {
            auth.requireKeyUnlessDisabled();
            return Optional.of(new TokenVerifier(vertx, TokenKeys.load(auth), auth, Clock.systemUTC()));
        });
    }

    private Future<?> listen(JsonObject config, AuthSettings auth, Optional<TokenVerifier> verifier) {
        JsonObject http = config.getJsonObject("http");
        Pool pool = PgPools.shared(vertx, config);
        String redisUrl = config.getJsonObject("redis").getString("url");
        // One client for the rate limiter, the health probe and erasure: the limiter's options, since every request uses it.
        redis = Redis.createClient(vertx, RateLimitHandler.redisOptions(config.getJsonObject("redis")));
        HealthReport health = new HealthReport(vertx, List.of(
                DependencyProbes.postgres(pool, config),
                DependencyProbes.redis(redis, redisUrl),
                DependencyProbes.kafka(vertx, config.getJsonObject("kafka").getString("bootstrapServers")),
                FeatureRoutes.onlineStoreProbe(vertx),
                PredictionRoutes.predictionLogProbe(vertx)), 2_000);

        Router api = Router.router(vertx);
        // Order matters: the caller is known (BearerAuthentication on the root router), then every request spends from its
        // bucket, then admin requests are audited whatever their outcome (a refused attempt is worth a record), then roles.
        api.route().handler(RateLimitHandler.create(vertx, config, redis));
        // After the caller's own budget: a request its rate limit refuses takes no capacity from the others.
        api.route().handler(AdmissionControl.create(vertx, http));
        AuditLog auditLog = new AuditLog(pool);
        api.route("/v1/admin/*").handler(AuditHandler.create(auditLog, "/v1/admin"));
        verifier.ifPresent(present -> ApiAccess.guardRoles(api));
        api.get("/openapi.json").handler(context -> context.response().putHeader("content-type", "application/json")
                .sendFile("webroot/openapi.json"));
        api.get("/docs").handler(context -> context.response().putHeader("content-type", "text/html; charset=utf-8")
                .sendFile("webroot/docs.html"));
        api.get("/docs/swagger-ui/*").handler(StaticHandler.create(SWAGGER_UI).setCachingEnabled(true));
        // The admin console's files are public like the docs: they hold no data, and a page without a valid token shows
        // its sign-in; every call the pages make carries the token and meets the role rules.
        // "/admin" matches "/admin/" too: only the bare path is redirected, so that the pages' relative links resolve.
        api.get("/admin").handler(context -> {
            if (context.request().path().endsWith("/")) {
                context.next();
            } else {
                context.redirect(context.request().path() + "/");
            }
        });
        api.get("/admin/*").handler(StaticHandler.create(ADMIN_CONSOLE).setCachingEnabled(true).setIndexPage("index.html"));
        api.get("/health").handler(context -> health.check().onSuccess(report -> respondHealth(context, report, auth.enabled())));
        verifier.ifPresent(present -> ApiAccess.denyTheRest(api));
        api.get("/metrics").handler(PrometheusScrapingHandler.create());
        api.route("/v1/admin/*").subRouter(AuditRoutes.router(vertx, auditLog));
        api.route("/v1/admin/*").subRouter(PrivacyRoutes.router(vertx, new UserErasure(vertx, pool, new OnlineStore(redis, 0, 0, 0))));
        api.route("/v1/features/*").subRouter(FeatureRoutes.router(vertx));
        api.route("/v1/admin/*").subRouter(DeadLetterRoutes.router(vertx));
        api.route("/v1/admin/*").subRouter(RegionRoutes.router(vertx));
        api.route("/v1/admin/*").subRouter(RegistryRoutes.router(vertx));
        api.route("/v1/admin/*").subRouter(TrainingRoutes.router(vertx));
        api.route("/v1/admin/*").subRouter(ExperimentRoutes.router(vertx));
        api.route("/v1/admin/*").subRouter(PipelineRoutes.router(vertx));
        api.route("/v1/monitoring/*").subRouter(MonitoringRoutes.router(vertx));
        api.route("/v1/admin/*").subRouter(MonitoringRoutes.adminRouter(vertx));
        api.route("/v1/*").subRouter(EventRoutes.router(vertx));
        api.route("/v1/*").subRouter(PredictionRoutes.router(vertx));
        predictionSocket = new PredictionSocket(vertx, SocketLimits.of(http));
        api.get("/v1/ws/predictions").handler(context -> {
            if (!predictionSocket.hasRoom()) {
                context.response().putHeader("Retry-After", "5");
                context.fail(new ServiceFailure(FailureCode.OVERLOADED, null, "the prediction WebSocket is at its connection limit; retry after 5 s"));
                return;
            }
            context.request().toWebSocket()
                    .onSuccess(socket -> predictionSocket.accept(socket, Caller.of(context).tenant()))
                    .onFailure(context::fail);
        });

        root = Router.router(vertx);
        root.route().handler(HttpApiVerticle::holdWebSocketUpgrades);
        root.route().handler(sameOriginOr(cors(http)));
        root.route().handler(HttpApiVerticle::refuseFormBodies);
        root.route().handler(BodyHandler.create(false).setBodyLimit(http.getLong("maxBodyBytes", 4L << 20)));
        verifier.ifPresent(present -> root.route().handler(new BearerAuthentication(present)));
        // The base path first: a request under /api/ml then meets the API with its own path, not the "/*" mount's.
        root.route(BASE_PATH + "/*").subRouter(api);
        // The admin event-bus bridge before the API at the root: it checks its own token (also from ?access_token=) and roles.
        JsonObject bridge = config.getJsonObject("bridge", new JsonObject());
        root.route(SockJsBridge.PATH + "/*").subRouter(SockJsBridge.router(vertx, verifier, bridge));
        root.route("/*").subRouter(api);
        root.route().last().handler(context -> context.fail(404));
        root.route().failureHandler(ErrorResponses::handle);
        api.route().failureHandler(ErrorResponses::handle);

        HttpServerOptions serverOptions = ServerTls.options(http);
        return BridgeVerticle.deployOnce(vertx, verifier, health::check, config).compose(bridged -> vertx.createHttpServer(serverOptions)
                .requestHandler(root)
                .listen(http.getInteger("port"), http.getString("host"))
                .onSuccess(listening -> {
                    server = listening;
                    log.info("{} API listening on {}:{}", serverOptions.isSsl() ? "HTTPS" : "HTTP", http.getString("host"), listening.actualPort());
                }));
    }

    /** The routes served, for the test that holds them against the OpenAPI document. */
    Router router() {
        return root;
    }

    /** The port the server listens on (the configured one, or the one chosen for port 0). */
    public int actualPort() {
        return server.actualPort();
    }


    /**
     * The API reads JSON only. A form or multipart content type would send the body handler decoding forms, and on a
     * GET it throws instead (a 500): refused here with 415 before any body is read.
     */
    private static void refuseFormBodies(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String lower = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
            context.fail(415);
            return;
        }
        context.next();
    }
    /**
     * A WebSocket upgrade passes asynchronous steps (the token check, the caller's bucket in Redis) before its route calls
     * {@code toWebSocket()}, which fails once the request's end has been read: the request stays paused until then.
     */
    private static void holdWebSocketUpgrades(RoutingContext context) {
        if ("websocket".equalsIgnoreCase(context.request().getHeader("Upgrade"))) {
            context.request().pause();
        }
        context.next();
    }

    /**
     * The full report for a {@code monitor} token, the status alone for anyone else (same status code either way);
     * with authentication switched off every caller is platform-wide, and both views say {@code "auth": "disabled"}.
     */
    private static void respondHealth(RoutingContext context, JsonObject report, boolean authEnabled) {
        int status = "unhealthy".equals(report.getString("status")) ? 503 : 200;
        JsonObject body = Caller.of(context).has(Role.MONITOR) ? report : HealthReport.summary(report);
        if (!authEnabled) {
            body.put("auth", "disabled");
        }
        context.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    /**
     * A same-origin request needs no CORS check, but browsers send {@code Origin} on some (module scripts, POSTs): the
     * admin console served here calls this API from this origin, which {@code corsAllowedOrigins} need not list.
     */
    private static Handler<RoutingContext> sameOriginOr(CorsHandler cors) {
        return context -> {
            String origin = context.request().getHeader(HttpHeaders.ORIGIN);
            String host = context.request().getHeader(HttpHeaders.HOST);
            if (origin != null && host != null && origin.equalsIgnoreCase(context.request().scheme() + "://" + host)) {
                context.next();
            } else {
                cors.handle(context);
            }
        };
    }

    private static CorsHandler cors(JsonObject http) {
        List<String> origins = http.getJsonArray("corsAllowedOrigins").stream().map(Object::toString).toList();
        CorsHandler cors = origins.contains("*") ? CorsHandler.create() : CorsHandler.create().addOrigins(origins);
        return cors.allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS))
                .allowedHeaders(Set.of("content-type", "authorization"));
    }

    @Override
    public Future<?> stop() {
        // Stop accepting, then let requests in flight finish (up to http.shutdownGraceMs) while the services behind them
        // are still deployed: undeploying runs in reverse, so scoring and the log stop after this verticle.
        long graceMs = config().getJsonObject("http", new JsonObject()).getLong("shutdownGraceMs", 10_000L);
        Future<Void> closing = server == null ? Future.succeededFuture() : server.shutdown(graceMs, TimeUnit.MILLISECONDS);
        if (predictionSocket != null) {
            predictionSocket.close();
        }
        return closing.onComplete(ignored -> {
            if (redis != null) {
                redis.close();
            }
        });
    }
}
