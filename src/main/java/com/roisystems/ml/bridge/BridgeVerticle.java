package com.roisystems.ml.bridge;

import com.roisystems.ml.audit.AuditEntry;
import com.roisystems.ml.audit.AuditLog;
import com.roisystems.ml.audit.AuditQuery;
import com.roisystems.ml.auth.TokenVerifier;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The process-wide half of the admin bridge, deployed once however many HTTP API instances run ({@link #deployOnce}):
 * the gateway that serves bridged requests, the live streams, the audit and health reads, and the TCP bridge when
 * {@code bridge.tcp.port} is set. Each HTTP API instance serves the SockJS half ({@link SockJsBridge}).
 *
 * <p>{@code BridgeVerticle.deployOnce(vertx, verifier, health::check, config)}
 */
public final class BridgeVerticle extends VerticleBase {

    private static final Map<Vertx, Future<String>> DEPLOYED = Collections.synchronizedMap(new WeakHashMap<>());

    private final Optional<TokenVerifier> verifier;
    private final Supplier<Future<JsonObject>> healthCheck;
    private TcpBridge tcp;
    private int tcpPort;

    public BridgeVerticle(Optional<TokenVerifier> verifier, Supplier<Future<JsonObject>> healthCheck) {
        this.verifier = verifier;
        this.healthCheck = healthCheck;
    }

    /**
     * Deploys the bridge on the first call for this Vert.x; later calls (the other HTTP API instances) get the same
     * deployment while it lasts. It is a child of the HTTP API instance that deployed it, so undeploying that instance
     * undeploys it too: the next HTTP API instance started deploys it again.
     */
    public static Future<String> deployOnce(Vertx vertx, Optional<TokenVerifier> verifier, Supplier<Future<JsonObject>> healthCheck, JsonObject config) {
        return DEPLOYED.compute(vertx, (key, existing) -> existing != null
                && (!existing.isComplete() || existing.succeeded() && vertx.deploymentIDs().contains(existing.result()))
                ? existing
                : vertx.deployVerticle(new BridgeVerticle(verifier, healthCheck), new io.vertx.core.DeploymentOptions().setConfig(config)));
    }

    @Override
    public Future<?> start() {
        JsonObject settings = config().getJsonObject("bridge", new JsonObject());
        AuditLog auditLog = new AuditLog(PgPools.shared(vertx, config()));
        LiveStreams streams = new LiveStreams(vertx, settings.getDouble("predictionsPerSecond", 10.0), healthCheck);
        Future<Void> served = Future.all(
                new BridgeGateway(vertx, auditLog).start(),
                Bus.serve(vertx, BridgeAddresses.AUDIT_LIST, query -> auditLog.list(AuditQuery.parse(query.getString("actor"),
                        query.getString("action"), query.getString("since"), text(query.getValue("limit"))))
                        .map(entries -> new JsonObject().put("entries", new JsonArray(entries.stream().map(AuditEntry::toJson).toList())))),
                Bus.serve(vertx, BridgeAddresses.HEALTH, ignored -> healthCheck.get()),
                streams.start(settings.getLong("ratesIntervalMs", 5_000L), settings.getLong("healthIntervalMs", 5_000L))).mapEmpty();
        JsonObject tcpSettings = settings.getJsonObject("tcp", new JsonObject());
        int port = tcpSettings.getInteger("port", 0);
        if (port <= 0) {
            return served;
        }
        tcp = new TcpBridge(vertx, verifier, settings.getLong("replyTimeoutMs", 1_800_000L), tcpSettings.getInteger("maxFrameBytes", 1 << 20));
        return served.compose(ignored -> tcp.listen(tcpSettings.getString("host", "127.0.0.1"), port)).onSuccess(actual -> tcpPort = actual);
    }

    /** The TCP bridge's port, or 0 when it is off. */
    public int tcpPort() {
        return tcpPort;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    @Override
    public Future<?> stop() {
        DEPLOYED.remove(vertx);
        return tcp == null ? Future.succeededFuture() : tcp.close();
    }
}
