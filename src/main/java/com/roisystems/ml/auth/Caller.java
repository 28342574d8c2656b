package com.roisystems.ml.auth;

import io.vertx.ext.web.RoutingContext;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who sent a request, as its verified token says: the subject (the audit's actor), the roles, and the tenant
 * whose rows it may see. {@code tenant == null} means every tenant: only an admin or monitor token without a
 * tenant claim, or a service running with authentication switched off, is platform-wide.
 *
 * <p>The authentication handler puts it on the routing context; routes read it with {@link #of(RoutingContext)}.
 * Nothing downstream trusts a body field for any of these.
 */
public record Caller(String subject, Set<Role> roles, String tenant, String clientAddress) {

    /** The routing-context key the authentication handler stores the caller under. */
    public static final String CONTEXT_KEY = "roi.caller";

    /** Authentication switched off explicitly: every role, every tenant (the service warns at start and on /health). */
    public static Caller unauthenticated(String clientAddress) {
        return new Caller("anonymous", EnumSet.allOf(Role.class), null, clientAddress);
    }

    /**
     * A request that carried no token while authentication is on: no subject, no role, so every guarded route
     * answers it 401; only the public routes (liveness {@code /health}, the API docs) serve it. Its null tenant
     * never reaches a tenant's rows, since no guard lets it through.
     */
    public static Caller anonymous(String clientAddress) {
        return new Caller(null, Set.of(), null, clientAddress);
    }

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(roles);
    }

    /** True for a request without a token (authentication on): {@link #anonymous}. */
    public boolean isAnonymous() {
        return subject == null;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** True when the caller is confined to one tenant's rows. */
    public boolean isTenantScoped() {
        return tenant != null;
    }

    /**
     * The caller the authentication handler stored; with authentication off (no handler ran) an unauthenticated
     * platform-wide caller, so routes behave as before authentication existed.
     */
    public static Caller of(RoutingContext context) {
        Caller caller = context.get(CONTEXT_KEY);
        return caller != null ? caller : unauthenticated(context.request().remoteAddress() == null ? null
                : context.request().remoteAddress().hostAddress());
    }
}
