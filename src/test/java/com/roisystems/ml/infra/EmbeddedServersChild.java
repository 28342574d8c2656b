package com.roisystems.ml.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM for {@link CrashRestartTest}: starts embedded PostgreSQL and Redis on the given data directory and ports
 * as the service does, prints {@code READY <postgres pid> <redis pid>}, and waits to be killed or terminated.
 */
public final class EmbeddedServersChild {

    private EmbeddedServersChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), Integer.parseInt(args[1]));
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(Integer.parseInt(args[2]), dataDir.resolve("redis/redis.pid"));
        long postgresPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        System.out.println("READY " + postgresPid + " " + redis.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
