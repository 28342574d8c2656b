package com.roisystems.ml.cli;

import java.util.HashSet;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed arguments of one subcommand: {@code --name value} options, {@code --flag} switches and
 * positional words. Each command declares the options it takes; anything else is a usage error.
 *
 * <p>{@code CommandLine line = CommandLine.parse(args, Set.of("users", "seed"), Set.of("to-kafka"));}
 */
public final class CommandLine {

    /** Options every command accepts. */
    public static final Set<String> COMMON_OPTIONS = Set.of("config");

    private final Map<String, String> options;
    /** Every value of each option, in order, for options that may be repeated ({@code --role a --role b}). */
    private final Map<String, List<String>> repeated;
    private final Set<String> flags;
    private final List<String> positional;
    private final List<String> raw;

    private CommandLine(Map<String, String> options, Map<String, List<String>> repeated, Set<String> flags, List<String> positional, List<String> raw) {
        this.options = options;
        this.repeated = repeated;
        this.flags = flags;
        this.positional = positional;
        this.raw = raw;
    }

    /** The arguments as given, for tools that parse their own (the scoring benchmark). */
    public List<String> raw() {
        return raw;
    }

    public static CommandLine parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
        Map<String, String> options = new HashMap<>();
        Map<String, List<String>> repeated = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                inlineValue = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (name.equals("help") || flagOptions.contains(name)) {
                flags.add(name);
            } else if (valueOptions.contains(name) || COMMON_OPTIONS.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.put(name, value);
                repeated.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return new CommandLine(options, repeated, flags, positional, List.copyOf(args));
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public List<String> positional() {
        return positional;
    }

    public String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** Every value given for an option that may be repeated, in order; empty when it was not given. */
    public List<String> all(String name) {
        return List.copyOf(repeated.getOrDefault(name, List.of()));
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public int integer(String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be a whole number, got '" + value + "'");
        }
    }

    public long longValue(String name, long fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be a whole number, got '" + value + "'");
        }
    }

    public double decimal(String name, double fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be a number, got '" + value + "'");
        }
    }

    public LocalDate date(String name, LocalDate fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("option --" + name + " must be a date like 2024-01-15, got '" + value + "'");
        }
    }

    public Path configFile() {
        String value = options.get("config");
        return value == null ? null : Path.of(value);
    }
}
