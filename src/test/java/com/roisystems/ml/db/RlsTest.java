package com.roisystems.ml.db;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Row-level security seen with raw SQL as the request role, the way {@link TenantScope} uses it: every tenant-owned
 * table holds one row of acme and one of globex, and with acme set the role counts only acme's.
 */
@ExtendWith(RealServers.class)
@DisplayName("Row-level security for the request role roi_tenant")
class RlsTest {

    static final List<String> TENANT_TABLES = List.of("users", "properties", "transactions", "agent_assignments", "property_valuations",
            "document_access", "email_events", "platform_sessions", "page_views", "alert_events", "searches", "property_views",
            "ml_feature_values", "ml_predictions", "ingested_events", "dead_letters");

    private static TestDatabase owner;

    @BeforeAll
    static void oneRowPerTenantInEveryTable(TestServers servers) throws Exception {
        owner = servers.jdbc();
        owner.execute("INSERT INTO regions VALUES ('R1', 'Region 1', 'CA')");
        owner.execute("INSERT INTO agents VALUES ('a1', 'R1', 'Agent', now())");
        owner.execute("INSERT INTO ml_feature_layouts (layout_id, layout_hash, feature_names, feature_versions) VALUES (1, 'h', '{x}', '{1}')");
        for (String tenant : List.of("acme", "globex")) {
            String user = "u_" + tenant;
            String property = "p_" + tenant;
            owner.execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES (?, 'R1', '35_49', now(), ?)", user, tenant);
            owner.execute("INSERT INTO properties (property_id, owner_user_id, region_id, address, property_type, bedrooms, bathrooms, sqft, "
                    + "year_built, purchase_date, purchase_price, created_at, updated_at, tenant_id) "
                    + "VALUES (?, ?, 'R1', '1 Main St', 'CONDO', 2, 1, 900, 1990, '2015-01-01', 300000, now(), now(), ?)", property, user, tenant);
            owner.execute("INSERT INTO transactions (transaction_id, user_id, property_id, transaction_type, status, opened_at, updated_at, tenant_id) "
                    + "VALUES (?, ?, ?, 'SELL', 'OPEN', now(), now(), ?)", "t_" + tenant, user, property, tenant);
            owner.execute("INSERT INTO agent_assignments (event_id, user_id, agent_id, assigned_at, tenant_id) VALUES (gen_random_uuid(), ?, 'a1', now(), ?)", user, tenant);
            owner.execute("INSERT INTO property_valuations (event_id, property_id, valued_at, estimated_value, source, tenant_id) "
                    + "VALUES (gen_random_uuid(), ?, now(), 350000, 'AVM', ?)", property, tenant);
            owner.execute("INSERT INTO document_access (event_id, user_id, document_id, document_type, action, occurred_at, tenant_id) "
                    + "VALUES (gen_random_uuid(), ?, 'd1', 'DEED', 'VIEWED', now(), ?)", user, tenant);
            owner.execute("INSERT INTO email_events (event_id, user_id, email_id, action, occurred_at, tenant_id) "
                    + "VALUES (gen_random_uuid(), ?, 'e1', 'OPENED', now(), ?)", user, tenant);
            owner.execute("INSERT INTO platform_sessions (event_id, session_id, user_id, action, occurred_at, tenant_id) "
                    + "VALUES (gen_random_uuid(), 's1', ?, 'STARTED', now(), ?)", user, tenant);
            owner.execute("INSERT INTO page_views (event_id, user_id, page, occurred_at, tenant_id) VALUES (gen_random_uuid(), ?, '/home', now(), ?)", user, tenant);
            owner.execute("INSERT INTO alert_events (event_id, alert_id, user_id, alert_type, action, occurred_at, tenant_id) "
                    + "VALUES (gen_random_uuid(), 'al1', ?, 'PRICE', 'SENT', now(), ?)", user, tenant);
            owner.execute("INSERT INTO searches (event_id, user_id, occurred_at, tenant_id) VALUES (gen_random_uuid(), ?, now(), ?)", user, tenant);
            owner.execute("INSERT INTO property_views (event_id, user_id, listing_id, action, occurred_at, tenant_id) "
                    + "VALUES (gen_random_uuid(), ?, 'l1', 'VIEWED', now(), ?)", user, tenant);
            owner.execute("INSERT INTO ml_feature_values (entity_type, entity_id, as_of, layout_id, \"values\", tenant_id) VALUES ('USER', ?, now(), 1, '{1}', ?)", user, tenant);
            owner.execute("INSERT INTO ml_predictions (prediction_id, entity_type, entity_id, prediction_type, model_name, model_version, request, "
                    + "features_used, latency_ms, created_at, tenant_id) VALUES (?, 'USER', ?, 'MOVE_PROBABILITY', 'm', 1, '{}', '{}', 1, now(), ?)",
                    "pred_" + tenant, user, tenant);
            owner.execute("INSERT INTO ingested_events (event_id, event_type, entity_id, occurred_at, source, tenant_id) "
                    + "VALUES (gen_random_uuid(), 'user.registered', ?, now(), 'HTTP', ?)", user, tenant);
            owner.execute("INSERT INTO dead_letters (source, reason, raw, tenant_id) VALUES ('HTTP', 'schema_violation: x', '\\x00', ?)", tenant);
        }
        // The request role may not insert anywhere (see below); this database lets it append activity, to test WITH CHECK.
        owner.execute("GRANT INSERT ON document_access TO " + TenantScope.REQUEST_ROLE);
    }

    private static <T> T asAcme(TestDatabase.Work<T> work) throws Exception {
        return owner.withConnection(database -> {
            database.execute("SET ROLE " + TenantScope.REQUEST_ROLE);
            database.execute("SELECT set_config('roi.tenant_id', 'acme', false)");
            return work.apply(database);
        });
    }

    @Test
    @DisplayName("with tenant acme set, SELECT count(*) on every tenant table counts only acme's rows")
    void countsOnlyTheTenantsRows() throws Exception {
        for (String table : TENANT_TABLES) {
            assertThat(owner.count("SELECT count(*) FROM " + table)).as("owner sees both tenants in " + table).isEqualTo(2);
        }
        Map<String, Long> counts = asAcme(database -> {
            Map<String, Long> seen = new java.util.LinkedHashMap<>();
            for (String table : TENANT_TABLES) {
                seen.put(table, database.count("SELECT count(*) FROM " + table));
                assertThat(database.count("SELECT count(*) FROM " + table + " WHERE tenant_id <> 'acme'")).as(table).isZero();
            }
            return seen;
        });
        assertThat(counts).hasSize(TENANT_TABLES.size()).allSatisfy((table, count) -> assertThat(count).as(table).isEqualTo(1));
    }

    @Test
    @DisplayName("every table with a tenant_id column is in the list and has row-level security with the tenant policy")
    void everyTenantTableIsProtected() throws Exception {
        // audit_log records the tenant of the admin who acted: it is the platform's record, read by admins only.
        List<String> withTenant = owner.query("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                + "AND column_name = 'tenant_id' AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public') "
                + "AND table_name <> 'audit_log' ORDER BY 1",
                row -> row.getString(1));
        assertThat(withTenant).containsExactlyInAnyOrderElementsOf(TENANT_TABLES);
        assertThat(owner.count("SELECT count(*) FROM pg_class WHERE relname = ANY(?) AND relrowsecurity",
                (Object) TENANT_TABLES.toArray(String[]::new))).isEqualTo(TENANT_TABLES.size());
        assertThat(owner.count("SELECT count(*) FROM pg_policies WHERE policyname = 'tenant_isolation' AND tablename = ANY(?) "
                + "AND qual LIKE '%roi.tenant_id%' AND with_check LIKE '%roi.tenant_id%'", (Object) TENANT_TABLES.toArray(String[]::new)))
                .isEqualTo(TENANT_TABLES.size());
    }

    @Test
    @DisplayName("under acme, an acme row can be inserted and a globex row is refused by the policy")
    void refusesAnotherTenantsRow() throws Exception {
        asAcme(database -> database.execute("INSERT INTO document_access (event_id, user_id, document_id, document_type, action, occurred_at, tenant_id) "
                + "VALUES (gen_random_uuid(), 'u_acme', 'd2', 'DEED', 'VIEWED', now(), 'acme')"));

        assertThatThrownBy(() -> asAcme(database -> database.execute("INSERT INTO document_access (event_id, user_id, document_id, document_type, "
                + "action, occurred_at, tenant_id) VALUES (gen_random_uuid(), 'u_globex', 'd2', 'DEED', 'VIEWED', now(), 'globex')")))
                .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
        assertThatThrownBy(() -> asAcme(database -> database.execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) "
                + "VALUES ('u_new', 'R1', '35_49', now(), 'acme')")))
                .as("the request role writes nothing it was not granted").isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThat(owner.count("SELECT count(*) FROM document_access WHERE document_id = 'd2'")).isEqualTo(1);
        owner.execute("DELETE FROM document_access WHERE document_id = 'd2'");
    }

    @Test
    @DisplayName("without a tenant set, the request role sees no tenant's rows")
    void seesNothingWithoutATenant() throws Exception {
        long users = owner.withConnection(database -> {
            database.execute("SET ROLE " + TenantScope.REQUEST_ROLE);
            return database.count("SELECT count(*) FROM users");
        });
        assertThat(users).isZero();
    }

    @Test
    @DisplayName("the request role cannot log in, is not superuser, has no BYPASSRLS and owns no table")
    void requestRoleIsUnprivileged() throws Exception {
        assertThat(owner.count("SELECT count(*) FROM pg_roles WHERE rolname = ? AND NOT rolsuper AND NOT rolbypassrls AND NOT rolcanlogin "
                + "AND NOT rolinherit AND NOT rolcreaterole AND NOT rolcreatedb", TenantScope.REQUEST_ROLE)).isEqualTo(1);
        assertThat(owner.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = ?", TenantScope.REQUEST_ROLE)).isZero();
    }

    @Test
    @DisplayName("a row that follows a user takes the user's tenant when its writer leaves it out; with no owner the insert fails")
    void followsTheOwnersTenant() throws Exception {
        owner.execute("INSERT INTO page_views (event_id, user_id, page, occurred_at) VALUES ('00000000-0000-0000-0000-0000000000aa', 'u_globex', '/x', now())");
        assertThat(owner.queryForObject("SELECT tenant_id FROM page_views WHERE event_id = '00000000-0000-0000-0000-0000000000aa'", String.class))
                .isEqualTo("globex");
        owner.execute("DELETE FROM page_views WHERE event_id = '00000000-0000-0000-0000-0000000000aa'");
        assertThatThrownBy(() -> owner.execute("INSERT INTO page_views (event_id, user_id, page, occurred_at) "
                + "VALUES (gen_random_uuid(), 'nobody', '/x', now())")).isInstanceOf(SQLException.class).hasMessageContaining("tenant_id");
    }

}
