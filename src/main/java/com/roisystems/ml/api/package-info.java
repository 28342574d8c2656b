/**
 * The HTTP and WebSocket edge: {@link com.roisystems.ml.api.HttpApiVerticle} mounts health, {@code /metrics} and
 * each capability's routes (at the root and under {@code /api/ml}). Routes validate and translate, then forward over
 * the event bus: events to {@code ingest.events}, predictions to {@code scoring.predict} / {@code scoring.predict-batch},
 * feedback to {@code predictions.feedback}, features to {@code features.get}, and the admin routes to the
 * {@code admin.models.*}, {@code admin.pipeline.*} and {@code admin.deadletters.*} contracts. In front of every route
 * (after authentication) {@code ratelimit.RateLimitHandler} spends the caller's tokens; {@code audit.AuditHandler}
 * records every {@code /v1/admin/*} request; {@link com.roisystems.ml.api.AuditRoutes} lists the trail and
 * {@link com.roisystems.ml.api.PrivacyRoutes} erases a person (both call their capability directly: no bus contract).
 * {@link com.roisystems.ml.api.PredictionSocket} pushes a fresh prediction when {@code features.updated} names a
 * subscribed entity and drops subscriptions to a person when {@code privacy.user-erased} names them.
 * {@link com.roisystems.ml.api.PredictionMeter} times each single prediction (HTTP, WebSocket, push) for {@code /metrics}.
 * {@link com.roisystems.ml.api.ApiAccess} is the table of which role each route needs (auth's
 * {@code BearerAuthentication} and {@code RoleGuard} enforce it; only liveness {@code /health} and the docs are
 * public). {@link com.roisystems.ml.api.ErrorResponses} is the router's one failure handler: every error
 * body is written from the {@code bus.FailureCode} of a {@code bus.ServiceFailure}.
 *
 * <p>Layer: edge. May use every capability's contract types, auth, model, bus and db (health probes use the pool);
 * no capability may use it, not even for an error type or an address constant.
 */
package com.roisystems.ml.api;
