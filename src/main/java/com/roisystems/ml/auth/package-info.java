/**
 * Identity and access: who a request comes from ({@link com.roisystems.ml.auth.Caller}: subject, roles, tenant)
 * and what each role may do ({@link com.roisystems.ml.auth.Role}). Tokens are JWTs verified from configured keys.
 *
 * <p>Layer: capabilities. Uses config and bus; the edge (HTTP routes, the event-bus bridge) puts it in front of
 * the routes; capabilities receive only plain fields of it (the tenant, the actor), never the token.
 */
package com.roisystems.ml.auth;
