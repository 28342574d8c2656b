package com.roisystems.ml.api;

import com.roisystems.ml.audit.AuditHandler;
import com.roisystems.ml.privacy.ErasureReport;
import com.roisystems.ml.privacy.UserErasure;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * {@code DELETE /v1/admin/users/{id}}: erases a person ({@link UserErasure}) and answers what went, per table
 * ({@link ErasureReport#toJson()}); 200 with zeros when there was nothing (again). The counts also go into the
 * request's audit entry. 400 {@code invalid_field} naming {@code id}; 503 when the online store could not be reached
 * after the rows were erased (repeat it).
 *
 * <p>{@code api.route("/v1/admin/*").subRouter(PrivacyRoutes.router(vertx, erasure));}
 */
public final class PrivacyRoutes {

    private PrivacyRoutes() {
    }

    public static Router router(Vertx vertx, UserErasure erasure) {
        Router router = Router.router(vertx);
        router.delete("/users/:id").handler(context -> {
            String id = HttpReplies.validated(() -> UserErasure.validUserId(context.pathParam("id")));
            HttpReplies.forward(context, erasure.erase(id).onSuccess(report -> context.put(AuditHandler.DETAILS_KEY,
                    report.toJson().getJsonObject("deleted"))), ErasureReport::toJson);
        });
        return router;
    }
}
