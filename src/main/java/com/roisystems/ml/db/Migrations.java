package com.roisystems.ml.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the ordered, checksummed migrations in {@code sql/} (packaged on the class path as
 * {@code db/migration}) with Flyway. Applying twice is a no-op; a migration edited after it was applied
 * fails validation and the service refuses to start, naming the migration.
 *
 * <p>{@code int applied = Migrations.apply(DatabaseUrl.parse(url));}
 */
public final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** Blocking: validates the applied migrations, applies the pending ones, returns how many it applied. */
    public static int apply(DatabaseUrl url) {
        return apply(url, LOCATION);
    }

    public static int apply(DatabaseUrl url, String... locations) {
        Flyway flyway = Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations(locations)
                .validateOnMigrate(true)
                .cleanDisabled(true)
                .load();
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Applied {} migration(s) to {}; schema now at version {}",
                        result.migrationsExecuted, url.describe(), result.targetSchemaVersion);
            }
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new MigrationException(describe(e), e);
        }
    }

    private static String describe(FlywayException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("checksum mismatch")) {
            return "an applied migration was changed after it was applied (checksum mismatch); "
                    + "add a new migration instead of editing an old one. " + message.lines().filter(l -> l.contains("Migration")).findFirst().orElse("").trim();
        }
        return message.lines().findFirst().orElse(message);
    }

    /** A migration that could not be applied or validated; the message says which and why. */
    public static final class MigrationException extends RuntimeException {
        MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
