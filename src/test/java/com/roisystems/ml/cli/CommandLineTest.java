package com.roisystems.ml.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The command line")
class CommandLineTest {

    @Test
    @DisplayName("parses options, flags and positional words")
    void parsesArguments() {
        CommandLine line = CommandLine.parse(List.of("features", "--users", "1000", "--to-kafka", "--seed=7"),
                Set.of("users", "seed"), Set.of("to-kafka"));

        assertThat(line.positional()).containsExactly("features");
        assertThat(line.integer("users", 0)).isEqualTo(1000);
        assertThat(line.integer("seed", 0)).isEqualTo(7);
        assertThat(line.flag("to-kafka")).isTrue();
    }

    @Test
    @DisplayName("rejects an unknown option and a missing value by name")
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("--colour", "red"), Set.of(), Set.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--colour");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--users"), Set.of("users"), Set.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--users");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--users", "many"), Set.of("users"), Set.of()).integer("users", 1))
                .isInstanceOf(UsageException.class).hasMessageContaining("many");
    }

    @Test
    @DisplayName("train refuses a minimum history outside 0-120 months by name, before it opens the database")
    void trainRefusesMinimumHistoryOutOfRange() {
        for (String months : new String[]{"-1", "121"}) {
            assertThatThrownBy(() -> new TrainCommand().run(CommandLine.parse(List.of("--type", "PROPERTY_VALUE", "--min-history-months", months),
                    TrainCommand.VALUE_OPTIONS, Set.of()), null))
                    .isInstanceOf(UsageException.class).hasMessageStartingWith("min_history_months: must be from 0 to 120");
        }
    }

    @Test
    @DisplayName("exits non-zero with one line for an unknown command, an unknown option and an unwritable data directory")
    void badInvocationsExitWithOneLine(@TempDir Path dir) throws Exception {
        assertThat(runMain("frobnicate")).satisfies(result -> {
            assertThat(result.code()).isEqualTo(2);
            assertThat(result.stderr()).contains("unknown command 'frobnicate'").doesNotContain("Exception");
        });
        assertThat(runMain("migrate", "--bogus")).satisfies(result -> {
            assertThat(result.code()).isEqualTo(2);
            assertThat(result.stderr()).contains("unknown option --bogus");
        });
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        String previous = System.getProperty("roi.dataDir");
        System.setProperty("roi.dataDir", notADirectory.resolve("data").toString());
        try {
            assertThat(runMain("migrate")).satisfies(result -> {
                assertThat(result.code()).isEqualTo(1);
                assertThat(result.stderr()).contains("data directory").contains("DATA_DIR").doesNotContain("\tat ");
            });
        } finally {
            if (previous == null) {
                System.clearProperty("roi.dataDir");
            } else {
                System.setProperty("roi.dataDir", previous);
            }
        }
    }

    private record Result(int code, String stderr) {
    }

    private static Result runMain(String... args) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            java.lang.reflect.Method run = Class.forName("com.roisystems.ml.Main").getDeclaredMethod("run", String[].class);
            run.setAccessible(true);
            int code = (int) run.invoke(null, (Object) args);
            return new Result(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
