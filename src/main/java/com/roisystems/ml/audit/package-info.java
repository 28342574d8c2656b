/**
 * The audit trail of admin actions: {@link com.roisystems.ml.audit.AuditHandler} records every {@code /v1/admin/*}
 * request once its response has ended (actor = the token's subject, roles, tenant, action = method and route pattern,
 * target = path parameters, outcome = HTTP status, client address, time) into {@code audit_log} through
 * {@link com.roisystems.ml.audit.AuditLog}, which also lists it newest first ({@link com.roisystems.ml.audit.AuditQuery}).
 * The table is append-only (sql/V10__audit.sql): a trigger refuses UPDATE, TRUNCATE and any DELETE but the retention
 * job's.
 *
 * <p>Layer: capabilities. Uses auth ({@code Caller}), bus ({@code ServiceFailure}) and the reactive SQL client it is
 * given; never the edge. The routes
 * ({@code api.AuditRoutes}) call {@link com.roisystems.ml.audit.AuditLog} directly: a read of one table needs no
 * verticle of its own.
 */
package com.roisystems.ml.audit;
