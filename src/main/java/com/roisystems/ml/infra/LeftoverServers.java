package com.roisystems.ml.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops embedded servers a killed run left behind. PostgreSQL and Redis run as child processes; after {@code kill -9}
 * of the service they keep running, holding their ports and PostgreSQL's data directory, and the next start fails.
 * A leftover is recognised by a pid file of this data directory (PostgreSQL's own {@code postmaster.pid}, ours for
 * Redis) naming a live process whose executable is the expected server — never by port alone, which could belong to
 * a server someone else runs.
 *
 * <p>{@code LeftoverServers.stop(dataDir.resolve("postgres/postmaster.pid"), "postgres");}
 */
final class LeftoverServers {

    private static final Logger log = LoggerFactory.getLogger(LeftoverServers.class);
    private static final long GRACE_SECONDS = 30;

    private LeftoverServers() {
    }

    /**
     * Stops the process {@code pidFile} names (its first line) when it is alive and its executable's name contains
     * {@code executable}; true when one was stopped. A stale pid file (process gone or another program) is left to
     * the server, which overwrites it.
     */
    static boolean stop(Path pidFile, String executable) throws IOException {
        Optional<ProcessHandle> leftover = leftover(pidFile, executable);
        if (leftover.isEmpty()) {
            return false;
        }
        ProcessHandle process = leftover.get();
        log.warn("Stopping a {} (pid {}) left running by a previous run that did not shut down (pid file {})",
                executable, process.pid(), pidFile);
        // SIGTERM: PostgreSQL's smart shutdown (the dead run's sessions are gone with it) and Redis' normal exit.
        process.destroy();
        try {
            process.onExit().get(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("{} (pid {}) did not stop within {} s; killing it", executable, process.pid(), GRACE_SECONDS);
            process.destroyForcibly();
            awaitExit(process);
        } catch (Exception e) {
            throw new IOException("could not stop the leftover " + executable + " (pid " + process.pid() + "): " + e.getMessage(), e);
        }
        return true;
    }

    /** The live process {@code pidFile} names, if its executable is {@code executable}. */
    static Optional<ProcessHandle> leftover(Path pidFile, String executable) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> process.info().command()
                        .map(command -> Path.of(command).getFileName().toString().contains(executable))
                        .orElse(false));
    }

    private static void awaitExit(ProcessHandle process) throws IOException {
        try {
            process.onExit().get(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the leftover process " + process.pid() + " did not exit after SIGKILL", e);
        }
    }
}
