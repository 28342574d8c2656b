package com.roisystems.ml.bridge;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.AuthorizationProvider;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A verified {@link Caller} carried where the bridge needs it: as the SockJS socket's web user (with its address
 * authorities, for Vert.x's own permission check) and as the headers of a bridged request (for the gateway, which
 * audits and names the caller). The guard replaces whatever headers a client sent, so none of these can be forged.
 */
final class BridgeCallers {

    static final String SUBJECT = "roi-subject";
    static final String ROLES = "roi-roles";
    static final String TENANT = "roi-tenant";
    static final String CLIENT = "roi-client";
    static final String VIA = "roi-via";
    /** On a refused request: the status and the reason the gateway answers with, and the address the client asked for. */
    static final String REFUSED_STATUS = "roi-refused-status";
    static final String REFUSED_REASON = "roi-refused-reason";
    static final String ASKED = "roi-asked";
    private static final String AUTHORITY_PROVIDER = "roi-bridge";

    private BridgeCallers() {
    }

    static User toUser(Caller caller) {
        JsonObject principal = new JsonObject().put("sub", caller.subject()).put("tenant", caller.tenant()).put("client", caller.clientAddress())
                .put("roles", new JsonArray(caller.roles().stream().map(Role::wireName).sorted().toList()));
        return User.create(principal);
    }

    /**
     * Vert.x's authorization provider for the SockJS bridge: a user's authorities are the addresses its roles open
     * ({@link BridgeAddresses#authorities}), loaded when the bridge first checks one.
     */
    static AuthorizationProvider roleAuthorities() {
        return new AuthorizationProvider() {
            @Override
            public String getId() {
                return AUTHORITY_PROVIDER;
            }

            @Override
            public Future<Void> getAuthorizations(User user) {
                user.authorizations().put(AUTHORITY_PROVIDER, BridgeAddresses.authorities(fromUser(user)).stream()
                        .map(PermissionBasedAuthorization::create).collect(Collectors.toSet()));
                return Future.succeededFuture();
            }
        };
    }

    static Caller fromUser(User user) {
        JsonObject principal = user.principal();
        Set<Role> roles = principal.getJsonArray("roles", new JsonArray()).stream()
                .map(name -> Role.fromWireName(String.valueOf(name))).flatMap(java.util.Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return new Caller(principal.getString("sub"), roles, principal.getString("tenant"), principal.getString("client"));
    }

    static JsonObject toHeaders(Caller caller, String via) {
        JsonObject headers = new JsonObject().put(SUBJECT, caller.isAnonymous() ? "anonymous" : caller.subject())
                .put(ROLES, caller.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(","))).put(VIA, via);
        if (caller.tenant() != null) {
            headers.put(TENANT, caller.tenant());
        }
        if (caller.clientAddress() != null) {
            headers.put(CLIENT, caller.clientAddress());
        }
        return headers;
    }

    static Caller fromHeaders(MultiMap headers) {
        String roles = headers.get(ROLES);
        Set<Role> held = roles == null || roles.isEmpty() ? Set.of() : Arrays.stream(roles.split(","))
                .map(Role::fromWireName).flatMap(java.util.Optional::stream).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return new Caller(headers.get(SUBJECT), held, headers.get(TENANT), headers.get(CLIENT));
    }
}
