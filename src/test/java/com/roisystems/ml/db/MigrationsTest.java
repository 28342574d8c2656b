package com.roisystems.ml.db;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Schema migrations")
class MigrationsTest {

    @Test
    @DisplayName("apply every migration in sql/ once, and applying again is a no-op")
    void applyingTwiceIsANoOp() throws Exception {
        DatabaseUrl database = RealServers.emptyDatabase("migrate_twice");

        int first = Migrations.apply(database);
        int second = Migrations.apply(database);

        assertThat(first).isGreaterThanOrEqualTo(3);
        assertThat(second).isZero();
        assertThat(TestDatabase.of(database).count("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                + "('users', 'document_access', 'ml_features', 'ml_feature_values', 'ml_models', 'ml_predictions', 'ml_monitoring', 'ml_experiments')"))
                .isEqualTo(8);
    }

    @Test
    @DisplayName("refuse to start when an applied migration was edited, naming the checksum mismatch")
    void editedMigrationIsRefused(@TempDir Path migrations) throws Exception {
        DatabaseUrl database = RealServers.emptyDatabase("migrate_edited");
        Path script = migrations.resolve("V1__example.sql");
        Files.writeString(script, "CREATE TABLE example (id int);");
        Migrations.apply(database, "filesystem:" + migrations);

        Files.writeString(script, "CREATE TABLE example (id bigint);");

        assertThatThrownBy(() -> Migrations.apply(database, "filesystem:" + migrations))
                .isInstanceOf(Migrations.MigrationException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("new migration");
    }
}
