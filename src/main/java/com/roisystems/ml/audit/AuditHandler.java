package com.roisystems.ml.audit;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.Role;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Records every request it sees in the audit trail once its response has ended, successful or not, so recording
 * never delays an answer. Mounted on the admin routes after authentication:
 * {@code api.route("/v1/admin/*").handler(AuditHandler.create(auditLog, "/v1/admin"))}.
 *
 * <p>The actor, roles and tenant come from the {@link Caller} the authentication handler stored (never from a body);
 * the action is the method and route pattern from {@code mountPath} on ({@code "POST /v1/admin/models/:name/versions/:version/archive"},
 * the same whether called at the root or under {@code /api/ml}; the bare path when no route matched); the target
 * is the path parameters; a route may add {@link #DETAILS_KEY} (a JSON object) to say more (erasure counts). A
 * response that could not be completed (the client went away) is still recorded, with {@code "completed": false}.
 * A write that fails is logged at ERROR with the entry, since the action itself already happened.
 */
public final class AuditHandler implements Handler<RoutingContext> {

    /** Routing-context key under which a route leaves a {@link JsonObject} of details for its audit entry. */
    public static final String DETAILS_KEY = "roi.audit.details";

    private static final Logger log = LoggerFactory.getLogger(AuditHandler.class);

    private final AuditLog auditLog;
    private final String mountPath;

    private AuditHandler(AuditLog auditLog, String mountPath) {
        this.auditLog = auditLog;
        this.mountPath = mountPath;
    }

    public static AuditHandler create(AuditLog auditLog, String mountPath) {
        return new AuditHandler(auditLog, mountPath);
    }

    @Override
    public void handle(RoutingContext context) {
        Instant at = Instant.now();
        Caller caller = Caller.of(context);
        context.addEndHandler(ended -> record(context, caller, at, ended.succeeded()));
        context.next();
    }

    private void record(RoutingContext context, Caller caller, Instant at, boolean completed) {
        JsonObject details = context.get(DETAILS_KEY) instanceof JsonObject given ? given.copy() : new JsonObject();
        if (!completed) {
            details.put("completed", false);
        }
        AuditEntry entry = new AuditEntry(0, at, caller.isAnonymous() ? "anonymous" : caller.subject(), caller.roles().stream().map(Role::wireName).sorted().toList(),
                caller.tenant(), context.request().method().name() + " " + routePattern(context), pathParams(context),
                context.response().getStatusCode(), caller.clientAddress(), details);
        auditLog.append(entry).onFailure(failure -> log.error("Audit entry not written: {} by {} answered {} at {} (target {})",
                entry.action(), entry.actor(), entry.outcome(), entry.at(), entry.target().encode(), failure));
    }

    private static JsonObject pathParams(RoutingContext context) {
        JsonObject target = new JsonObject();
        // "*" is the wildcard of the mount (/v1/admin/*), not a parameter: a request refused before its route shows it.
        context.pathParams().forEach((name, value) -> {
            if (!"*".equals(name)) {
                // jsonb cannot hold U+0000: a hostile path would otherwise lose its audit entry; shown escaped.
                target.put(name, value.replace("\u0000", "\\u0000"));
            }
        });
        return target;
    }

    /**
     * The route pattern, rebuilt from the path: from the mount path on (so {@code /api/ml} and the root read the same),
     * each segment that is a path parameter's value written as {@code :name}. Rebuilt because a sub-router's matched
     * route is not visible from the mounting router's context, where this handler runs.
     */
    private String routePattern(RoutingContext context) {
        String path = context.request().path();
        int mounted = path.indexOf(mountPath);
        String rest = mounted < 0 ? path : path.substring(mounted);
        Map<String, String> params = context.pathParams();
        if (params.isEmpty()) {
            return rest;
        }
        Map<String, String> nameOfValue = new HashMap<>();
        params.forEach((name, value) -> nameOfValue.putIfAbsent(value, name));
        String[] segments = rest.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String decoded = URLDecoder.decode(segments[i], StandardCharsets.UTF_8);
            if (nameOfValue.containsKey(decoded)) {
                segments[i] = ":" + nameOfValue.get(decoded);
            }
        }
        return String.join("/", segments);
    }
}
