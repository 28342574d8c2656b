package com.roisystems.ml.api;

import com.roisystems.ml.audit.AuditEntry;
import com.roisystems.ml.audit.AuditLog;
import com.roisystems.ml.audit.AuditQuery;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * {@code GET /v1/admin/audit?actor=&action=&since=&limit=}: the audit trail, newest first, as
 * {@code {"entries": [...]}}. A bad parameter is 400 {@code invalid_field} naming it ({@code since} not an ISO-8601
 * instant, {@code limit} not 1..1000).
 *
 * <p>{@code api.route("/v1/admin/*").subRouter(AuditRoutes.router(vertx, auditLog));}
 */
public final class AuditRoutes {

    private AuditRoutes() {
    }

    public static Router router(Vertx vertx, AuditLog auditLog) {
        Router router = Router.router(vertx);
        router.get("/audit").handler(context -> {
            MultiMap query = context.queryParams();
            AuditQuery parsed = HttpReplies.validated(() -> AuditQuery.parse(query.get("actor"), query.get("action"), query.get("since"),
                    query.get("limit")));
            HttpReplies.forward(context, auditLog.list(parsed), AuditRoutes::toJson);
        });
        return router;
    }

    private static JsonObject toJson(List<AuditEntry> entries) {
        return new JsonObject().put("entries", new JsonArray(entries.stream().map(AuditEntry::toJson).toList()));
    }
}
