package com.roisystems.ml.auth;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Lets a request through when its {@link Caller} (stored by {@link BearerAuthentication}) holds one of the roles
 * a route needs: a request without a token is answered 401 with {@code WWW-Authenticate: Bearer realm="roi-ml"},
 * a token without the role 403 naming the role it lacks and the roles it has:
 * {@code this route needs the 'admin' role; the token has: client}.
 *
 * <p>{@code api.route("/v1/admin/*").handler(RoleGuard.anyOf(Role.ADMIN));}
 */
public final class RoleGuard implements Handler<RoutingContext> {

    private final List<Role> accepted;

    private RoleGuard(List<Role> accepted) {
        this.accepted = accepted;
    }

    /** A route for holders of any of these roles. */
    public static RoleGuard anyOf(Role... roles) {
        return new RoleGuard(List.of(roles));
    }

    /** A route for any verified token, whatever its roles: the default for a path no rule names. */
    public static RoleGuard authenticated() {
        return new RoleGuard(List.of());
    }

    @Override
    public void handle(RoutingContext context) {
        Caller caller = context.get(Caller.CONTEXT_KEY);
        if (caller == null || caller.isAnonymous()) {
            context.response().putHeader(BearerAuthentication.WWW_AUTHENTICATE, BearerAuthentication.missingTokenChallenge());
            context.fail(new ServiceFailure(FailureCode.UNAUTHENTICATED, TokenVerifier.FIELD,
                    "this route needs a bearer token (Authorization: Bearer <token>)"));
            return;
        }
        if (!accepted.isEmpty() && accepted.stream().noneMatch(caller::has)) {
            context.fail(new ServiceFailure(FailureCode.FORBIDDEN, null, "this route needs the " + needed() + " role; the token has: " + held(caller)));
            return;
        }
        context.next();
    }

    private String needed() {
        return accepted.stream().map(role -> "'" + role.wireName() + "'").collect(Collectors.joining(" or "));
    }

    private static String held(Caller caller) {
        return caller.roles().isEmpty() ? "no role of this service"
                : Arrays.stream(Role.values()).filter(caller::has).map(Role::wireName).collect(Collectors.joining(", "));
    }
}
