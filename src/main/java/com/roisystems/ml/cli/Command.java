package com.roisystems.ml.cli;


import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.config.AppConfig;
/**
 * A subcommand of the command line ({@code java -jar roi-ml.jar NAME ...}). Implementations print
 * their output, return an exit code, and throw {@link ConfigException} or {@link UsageException} for
 * problems a person must fix (shown as one line).
 */
public interface Command {

    String name();

    /** One line for the command list. */
    String summary();

    /** The full {@code --help} text: usage and every option. */
    String help();

    int run(CommandLine line, AppConfig config) throws Exception;
}
