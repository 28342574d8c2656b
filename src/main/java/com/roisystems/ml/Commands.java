package com.roisystems.ml;

import com.roisystems.ml.cli.CatalogCommand;
import com.roisystems.ml.cli.PipelineCommand;
import com.roisystems.ml.cli.TrainCommand;
import com.roisystems.ml.cli.DemoCommand;
import com.roisystems.ml.cli.ImportCommand;
import com.roisystems.ml.cli.Command;
import com.roisystems.ml.cli.MigrateCommand;
import com.roisystems.ml.cli.ServeCommand;
import com.roisystems.ml.cli.TokenCommand;
import com.roisystems.ml.bench.BenchCommand;
import com.roisystems.ml.cli.SimulateCommand;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subcommands and the options each accepts. A command is added here once, with its options, so
 * {@code --help} and the parser cannot disagree.
 */
public final class Commands {

    private record Entry(Command command, Set<String> valueOptions, Set<String> flagOptions) {
    }

    private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();

    static {
        register(new ServeCommand(), ServeCommand.options(), Set.of());
        register(new DemoCommand(), ServeCommand.options(), Set.of());
        register(new TokenCommand(), TokenCommand.VALUE_OPTIONS, Set.of());
        register(new MigrateCommand(), Set.of(), Set.of());
        register(new CatalogCommand(), Set.of("output"), Set.of());
        register(new BenchCommand(), BenchCommand.VALUE_OPTIONS, Set.of());
        register(new SimulateCommand(), SimulateCommand.VALUE_OPTIONS, SimulateCommand.FLAG_OPTIONS);
        register(new TrainCommand(), TrainCommand.VALUE_OPTIONS, Set.of());
        register(new PipelineCommand(), PipelineCommand.VALUE_OPTIONS, Set.of());
        register(new ImportCommand(), ImportCommand.VALUE_OPTIONS, ImportCommand.FLAG_OPTIONS);
    }

    private Commands() {
    }

    private static void register(Command command, Set<String> valueOptions, Set<String> flagOptions) {
        COMMANDS.put(command.name(), new Entry(command, valueOptions, flagOptions));
    }

    public static Command find(String name) {
        Entry entry = COMMANDS.get(name);
        return entry == null ? null : entry.command();
    }

    public static Set<String> valueOptions(Command command) {
        return COMMANDS.get(command.name()).valueOptions();
    }

    public static Set<String> flagOptions(Command command) {
        return COMMANDS.get(command.name()).flagOptions();
    }

    public static List<Command> all() {
        return COMMANDS.values().stream().map(Entry::command).toList();
    }

    public static String overview() {
        StringBuilder text = new StringBuilder("Usage: java -jar target/roi-ml.jar COMMAND [options]\n\nCommands:\n");
        for (Entry entry : COMMANDS.values()) {
            text.append(String.format("  %-10s %s%n", entry.command().name(), entry.command().summary()));
        }
        text.append("\nRun a command with --help for its options. Environment: PG_URL, REDIS_URL, KAFKA_BOOTSTRAP_SERVERS, HTTP_PORT, DATA_DIR, AUTH_HMAC_SECRET, AUTH_ENABLED.");
        return text.toString();
    }
}
