package com.roisystems.ml.cli;

import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.infra.Infrastructure;

import java.util.EnumSet;

/** {@code migrate}: apply pending schema migrations and exit. */
public final class MigrateCommand implements Command {

    @Override
    public String name() {
        return "migrate";
    }

    @Override
    public String summary() {
        return "apply pending schema migrations from sql/ and exit";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml migrate [--config FILE]

                Validates the applied migrations (an edited one is refused) and applies the pending ones
                to PG_URL, or to the embedded PostgreSQL under DATA_DIR when PG_URL is unset.
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) {
        try (Infrastructure infra = Infrastructure.start(config, EnumSet.of(Infrastructure.Server.POSTGRES))) {
            int applied = Migrations.apply(DatabaseUrl.parse(infra.config().string("pg.url")));
            System.out.println(applied == 0 ? "Schema is up to date." : "Applied " + applied + " migration(s).");
        }
        return 0;
    }
}
