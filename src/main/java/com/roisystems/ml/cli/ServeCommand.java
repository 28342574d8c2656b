package com.roisystems.ml.cli;

import com.roisystems.ml.config.AppConfig;
import java.nio.file.Path;
import java.util.Set;

/** {@code serve}: run the service against configured servers (or embedded ones where none is configured). */
public final class ServeCommand implements Command {

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "run the service (HTTP on HTTP_PORT, Kafka intake, scoring, pipeline schedule)";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml serve [--config FILE] [--verticles FILE]

                Runs the service until SIGTERM or Ctrl-C, then shuts down gracefully.
                Servers come from PG_URL, REDIS_URL and KAFKA_BOOTSTRAP_SERVERS; each one left unset is
                started embedded with its data under DATA_DIR.
                Every route but liveness /health and the API docs needs a bearer token: serve refuses to start
                without a key (AUTH_HMAC_SECRET, AUTH_HMAC_SECRET_FILE, AUTH_JWKS_FILE or auth.publicKeyFiles)
                unless authentication is switched off explicitly (AUTH_ENABLED=false).
                With CLUSTER_ENABLED=true it joins the Vert.x cluster CLUSTER_NAME, finding the members listed in
                CLUSTER_MEMBERS (host[:port],...) by TCP/IP; CLUSTER_HOST, CLUSTER_PUBLIC_HOST, CLUSTER_PORT and
                CLUSTER_BUS_PORT set where it listens. Each node keeps its own DATA_DIR.

                Options:
                  --config FILE     JSON config file layered over the defaults
                  --verticles FILE  verticles.conf to deploy (default: ./verticles.conf, else the packaged one)
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        AuthStartup.check(config);
        try (ServiceRuntime service = ServiceRuntime.start(config, verticlesConf(line), resolved -> { })) {
            service.awaitShutdown();
        }
        return 0;
    }

    static Path verticlesConf(CommandLine line) {
        return Path.of(line.string("verticles", "verticles.conf"));
    }

    public static Set<String> options() {
        return Set.of("verticles");
    }
}
