/**
 * Identity and access: who a request comes from ({@link com.roisystems.ml.auth.Caller}: subject, roles, tenant)
 * and what each role may do ({@link com.roisystems.ml.auth.Role}). Tokens are JWTs verified from configured keys
 * ({@link com.roisystems.ml.auth.AuthSettings}, {@link com.roisystems.ml.auth.TokenKeys}: an HMAC secret, PEM public
 * keys or a JWKS file) by {@link com.roisystems.ml.auth.TokenVerifier} (algorithm, signature, {@code exp} /
 * {@code nbf} with clock skew, issuer, audience; roles and tenant from configurable claim paths).
 * {@link com.roisystems.ml.auth.BearerAuthentication} puts the caller on the routing context (the header, or
 * {@code access_token} on a WebSocket upgrade), {@link com.roisystems.ml.auth.RoleGuard} answers 401 / 403 for a
 * route, and {@link com.roisystems.ml.auth.TokenMinter} signs tokens for the {@code token} command, the demo and
 * the benchmarks.
 *
 * <p>Layer: capabilities. Uses config and bus; the edge (HTTP routes, the event-bus bridge) puts it in front of
 * the routes; capabilities receive only plain fields of it (the tenant, the actor), never the token.
 */
package com.roisystems.ml.auth;
