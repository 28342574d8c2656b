package com.roisystems.ml;

import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.cli.Command;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.cli.UsageException;
import com.roisystems.ml.db.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code java -jar roi-ml.jar COMMAND [options]}. A problem a person can fix is
 * printed as one line and exits non-zero; the stack trace goes to the log file only.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println(Commands.overview());
            return args.length == 0 ? 2 : 0;
        }
        Command command = Commands.find(args[0]);
        if (command == null) {
            System.err.println("roi-ml: unknown command '" + args[0] + "' (see roi-ml --help)");
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            CommandLine line = CommandLine.parse(rest, Commands.valueOptions(command), Commands.flagOptions(command));
            if (line.flag("help")) {
                System.out.println(command.help());
                return 0;
            }
            AppConfig config = AppConfig.load(line.configFile(), System.getenv());
            return command.run(line, config);
        } catch (UsageException e) {
            System.err.println("roi-ml " + command.name() + ": " + e.getMessage() + " (see roi-ml " + command.name() + " --help)");
            return 2;
        } catch (ConfigException | Migrations.MigrationException e) {
            log.debug("{} failed", command.name(), e);
            System.err.println("roi-ml " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            log.error("{} failed", command.name(), e);
            System.err.println("roi-ml " + command.name() + ": failed: " + oneLine(e) + " (details in logs/roi-ml.log)");
            return 1;
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
