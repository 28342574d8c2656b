package com.roisystems.ml.db;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The role docker-compose's engine connects as ({@code docker/postgres-init}): the privileges script is run as the
 * image runs it, then the engine's migrations as that role.
 */
@DisplayName("The compose stack's database role, roi_app")
class AppRoleTest {

    private static final Path PRIVILEGES = Path.of("docker/postgres-init/20-roi-app-privileges.sql");

    @Test
    @DisplayName("is no superuser, cannot create databases or roles, with only its grants applies every migration, and may switch to roi_tenant")
    void migratesWithoutSuperuserPrivileges() throws Exception {
        DatabaseUrl admin = RealServers.emptyDatabase("app_role");
        TestDatabase asAdmin = TestDatabase.of(admin);
        // 10-roi-app-role.sh creates the role with the password from ROI_DB_PASSWORD; here with one for tests.
        asAdmin.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'roi_app') THEN "
                + "CREATE ROLE roi_app LOGIN PASSWORD 'roi-app-test' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; "
                + "END IF; END $$");
        asAdmin.execute(Files.readString(PRIVILEGES));
        DatabaseUrl app = new DatabaseUrl(admin.host(), admin.port(), admin.database(), "roi_app", "roi-app-test");

        assertThat(Migrations.apply(app)).isGreaterThanOrEqualTo(3);

        assertThat(asAdmin.count("SELECT count(*) FROM pg_roles WHERE rolname = 'roi_app' AND NOT rolsuper AND NOT rolcreatedb "
                + "AND NOT rolcreaterole AND NOT rolreplication AND NOT rolbypassrls")).isEqualTo(1);
        assertThat(asAdmin.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'roi_app'")).isZero();
        TestDatabase asApp = TestDatabase.of(app);
        assertThat(asApp.count("SELECT count(*) FROM users")).isZero();
        asApp.execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES ('u1', 'R1', '35_49', now(), 'acme')");
        long visibleToGlobex = asApp.withConnection(database -> {
            database.execute("SELECT set_config('role', 'roi_tenant', false), set_config('roi.tenant_id', 'globex', false)");
            return database.count("SELECT count(*) FROM users");
        });
        assertThat(visibleToGlobex).as("roi_app may switch to the request role, and row-level security then applies").isZero();
        assertThatThrownBy(() -> asApp.execute("CREATE DATABASE roi_app_may_not")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> asApp.execute("CREATE ROLE roi_app_may_not")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> asApp.execute("CREATE SCHEMA roi_app_may_not")).isInstanceOf(SQLException.class);
    }
}
