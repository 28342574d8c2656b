package com.roisystems.ml.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Restart after a crash: embedded servers a killed run left behind")
class CrashRestartTest {

    private record Running(Process jvm, long postgresPid, long redisPid) {
    }

    @Test
    @DisplayName("after kill -9 the servers keep running as orphans; the next start on the same data directory stops them and comes up")
    void killNineThenRestart(@TempDir Path dir) throws Exception {
        int postgresPort = freePort();
        int redisPort = freePort();
        Running first = start(dir, postgresPort, redisPort);
        first.jvm().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(first.postgresPid()).map(ProcessHandle::isAlive))
                .as("PostgreSQL outlives a killed JVM (the fault this recovers from)").contains(true);
        assertThat(ProcessHandle.of(first.redisPid()).map(ProcessHandle::isAlive))
                .as("Redis outlives a killed JVM (the fault this recovers from)").contains(true);

        long started = System.nanoTime();
        Running second = start(dir, postgresPort, redisPort);
        Duration restart = Duration.ofNanos(System.nanoTime() - started);
        try {
            assertThat(ProcessHandle.of(first.postgresPid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(ProcessHandle.of(first.redisPid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(second.postgresPid()).isNotEqualTo(first.postgresPid());
            assertThat(restart).isLessThan(Duration.ofSeconds(30));
        } finally {
            terminate(second);
        }
    }

    @Test
    @DisplayName("SIGTERM stops the servers the JVM started: nothing is left running")
    void terminateLeavesNothing(@TempDir Path dir) throws Exception {
        Running running = start(dir, freePort(), freePort());
        terminate(running);
        assertThat(ProcessHandle.of(running.postgresPid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(ProcessHandle.of(running.redisPid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(dir.resolve("redis/redis.pid")).doesNotExist();
    }

    @Test
    @DisplayName("a pid file naming another program is not obeyed: that process is left alone")
    void foreignPidIsLeftAlone(@TempDir Path dir) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Path pidFile = dir.resolve("redis.pid");
            Files.writeString(pidFile, sleeper.pid() + "\n");
            assertThat(LeftoverServers.stop(pidFile, EmbeddedRedisServer.EXECUTABLE)).isFalse();
            assertThat(sleeper.isAlive()).isTrue();
            Files.writeString(pidFile, "not a pid\n");
            assertThat(LeftoverServers.stop(pidFile, EmbeddedRedisServer.EXECUTABLE)).isFalse();
        } finally {
            sleeper.destroyForcibly();
        }
    }

    private static void terminate(Running running) throws Exception {
        running.jvm().destroy();
        assertThat(running.jvm().waitFor(60, TimeUnit.SECONDS)).as("the JVM exits on SIGTERM").isTrue();
        for (long pid : List.of(running.postgresPid(), running.redisPid())) {
            ProcessHandle.of(pid).ifPresent(process -> process.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
    }

    private static Running start(Path dataDir, int postgresPort, int redisPort) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EmbeddedServersChild.class.getName(), dataDir.toString(), String.valueOf(postgresPort), String.valueOf(redisPort)))
                .redirectErrorStream(true)
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.startsWith("READY ")) {
                        return line;
                    }
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("child exited before READY:\n" + seen);
        });
        String[] line = ready.get(90, TimeUnit.SECONDS).split(" ");
        // Keep draining so the child never blocks on a full pipe.
        CompletableFuture.runAsync(() -> output.lines().forEach(ignored -> { }));
        return new Running(jvm, Long.parseLong(line[1]), Long.parseLong(line[2]));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
