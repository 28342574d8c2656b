package com.roisystems.ml.db;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tenant scope on a pool of one connection: what a scoped transaction sets must be gone when the next borrower gets it. */
@ExtendWith(RealServers.class)
@DisplayName("A tenant scope")
class TenantScopeTest {

    private static final String WHO = "SELECT current_user AS role, coalesce(current_setting('roi.tenant_id', true), '') AS tenant, "
            + "pg_backend_pid() AS pid, (SELECT count(*) FROM users) AS users";

    private static Vertx vertx;
    private static Pool pool;
    private static String owner;

    @BeforeAll
    static void oneConnection(TestServers servers) throws Exception {
        servers.jdbc().execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES "
                + "('u_acme', 'R1', '35_49', now(), 'acme'), ('u_globex', 'R1', '35_49', now(), 'globex')");
        owner = servers.database().user();
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(servers.database().connectOptions()).using(vertx).build();
    }

    @AfterAll
    static void close() throws Exception {
        pool.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static Row who(io.vertx.sqlclient.SqlClient client) throws Exception {
        return client.query(WHO).execute().map(rows -> rows.iterator().next()).await(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("runs as the request role seeing one tenant, and hands the same pooled connection back as the owner with no tenant")
    void doesNotLeakThroughThePool() throws Exception {
        Row inside = TenantScope.run(pool, "acme", client -> client.query(WHO).execute().map(rows -> rows.iterator().next()))
                .await(10, TimeUnit.SECONDS);
        Row after = who(pool);

        assertThat(inside.getString("role")).isEqualTo(TenantScope.REQUEST_ROLE);
        assertThat(inside.getString("tenant")).isEqualTo("acme");
        assertThat(inside.getLong("users")).isEqualTo(1);
        assertThat(after.getInteger("pid")).as("the same pooled connection").isEqualTo(inside.getInteger("pid"));
        assertThat(after.getString("role")).isEqualTo(owner);
        assertThat(after.getString("tenant")).isEmpty();
        assertThat(after.getLong("users")).isEqualTo(2);
    }

    @Test
    @DisplayName("rolls back a failed unit of work and leaves nothing set either")
    void failedWorkDoesNotLeak() throws Exception {
        Future<Object> failed = TenantScope.run(pool, "globex", client -> client.query("SELECT 1/0").execute().map(rows -> null));
        assertThatThrownBy(() -> failed.await(10, TimeUnit.SECONDS)).hasMessageContaining("division by zero");

        Row after = who(pool);
        assertThat(after.getString("role")).isEqualTo(owner);
        assertThat(after.getString("tenant")).isEmpty();
    }

    @Test
    @DisplayName("without a tenant runs on the pool as the owner, seeing every tenant")
    void nullTenantIsPlatformWide() throws Exception {
        Row row = TenantScope.run(pool, null, client -> client.query(WHO).execute().map(rows -> rows.iterator().next())).await(10, TimeUnit.SECONDS);
        assertThat(row.getString("role")).isEqualTo(owner);
        assertThat(row.getLong("users")).isEqualTo(2);
    }
}
