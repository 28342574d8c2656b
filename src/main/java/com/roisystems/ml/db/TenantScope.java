package com.roisystems.ml.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.function.Function;

/**
 * Runs a request's database work confined to one tenant's rows: in one transaction that switches to the request
 * role {@value #REQUEST_ROLE} and names the tenant, both transaction-local ({@code set_config(..., true)}), so
 * PostgreSQL's row-level security (sql/V9__tenants.sql) hides every other tenant's rows, and commit or rollback
 * hands the pooled connection back as the owner with no tenant set. A null tenant (a platform-wide caller: an
 * admin or monitor without a tenant, or authentication switched off) runs the work on the pool as the owner,
 * unchanged, as do the pipeline and training, which never come here.
 *
 * <p>{@code TenantScope.run(pool, "acme", client -> client.preparedQuery(SQL).execute(Tuple.of(userId)))}
 */
public final class TenantScope {

    /** The role request paths switch to: not the tables' owner, no superuser, no BYPASSRLS. */
    public static final String REQUEST_ROLE = "roi_tenant";
    /** The setting the row-level security policies compare {@code tenant_id} with. */
    public static final String TENANT_SETTING = "roi.tenant_id";

    static final String ENTER = "SELECT set_config('role', '" + REQUEST_ROLE + "', true), set_config('" + TENANT_SETTING + "', $1, true)";

    private TenantScope() {
    }

    /**
     * {@code work} on a client that sees only {@code tenant}'s rows (one transaction), or on {@code pool} itself when
     * {@code tenant} is null. The work must finish its statements before its future completes.
     */
    public static <T> Future<T> run(Pool pool, String tenant, Function<SqlClient, Future<T>> work) {
        if (tenant == null) {
            return work.apply(pool);
        }
        return pool.withTransaction(connection -> connection.preparedQuery(ENTER).execute(Tuple.of(tenant))
                .compose(entered -> work.apply(connection)));
    }
}
