package com.roisystems.ml.api;

import com.roisystems.ml.auth.RoleGuard;
import io.vertx.ext.web.Router;

import static com.roisystems.ml.auth.Role.ADMIN;
import static com.roisystems.ml.auth.Role.CLIENT;
import static com.roisystems.ml.auth.Role.MONITOR;
import static com.roisystems.ml.auth.Role.PRODUCER;

/**
 * Which role each route of the API needs, in one table. {@link #guardRoles} goes in front of the routes;
 * the public routes (liveness {@code /health}, {@code /openapi.json}, {@code /docs}) come next, then
 * {@link #denyTheRest}: any other path needs a verified token, so a route added later without a rule is not
 * public by accident. Mounted once in the shared API router, the rules hold at the root and under {@code /api/ml}.
 *
 * <p>{@code ApiAccess.guardRoles(api); api.get("/health")...; ApiAccess.denyTheRest(api); api.route("/v1/*")...}
 */
final class ApiAccess {

    private ApiAccess() {
    }

    static void guardRoles(Router api) {
        api.route("/v1/predict/*").handler(RoleGuard.anyOf(CLIENT));
        api.route("/v1/feedback").handler(RoleGuard.anyOf(CLIENT));
        api.route("/v1/features/*").handler(RoleGuard.anyOf(CLIENT));
        api.route("/v1/models/*").handler(RoleGuard.anyOf(CLIENT, MONITOR));
        api.route("/v1/ws/predictions").handler(RoleGuard.anyOf(CLIENT));
        api.route("/v1/events").handler(RoleGuard.anyOf(PRODUCER));
        api.route("/v1/ws/events").handler(RoleGuard.anyOf(PRODUCER));
        api.route("/v1/admin/*").handler(RoleGuard.anyOf(ADMIN));
        api.route("/v1/monitoring/*").handler(RoleGuard.anyOf(ADMIN, MONITOR));
        api.route("/metrics").handler(RoleGuard.anyOf(MONITOR));
    }

    static void denyTheRest(Router api) {
        api.route().handler(RoleGuard.authenticated());
    }
}
