package com.roisystems.ml.cli;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.importer.ContractFields;
import com.roisystems.ml.importer.ImportReport;
import com.roisystems.ml.importer.ImportRequest;
import com.roisystems.ml.importer.ImportRequest.Format;
import com.roisystems.ml.importer.Importer;
import com.roisystems.ml.importer.ReadProgress;
import com.roisystems.ml.infra.Infrastructure;
import com.roisystems.ml.ingest.EventValidator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code import}: loads a customer's history — JSON Lines of events, or a CSV / JSON Lines table with a mapping file —
 * through the live path's validation into PostgreSQL by COPY, idempotently, with a progress bar and a report. Exit
 * code 0 when every event was accepted or a duplicate, 2 when some were rejected, 1 for a mistake in the options,
 * the files or the mapping (the message names the flag, file or mapping entry).
 *
 * <p>{@code java -jar target/roi-ml.jar import --tenant acme --csv sales.csv --mapping sales-mapping.json --rejected rejected.jsonl}
 */
public final class ImportCommand implements Command {

    public static final Set<String> VALUE_OPTIONS = Set.of("tenant", "events", "csv", "rows", "mapping", "rejected", "report", "emit",
            "delimiter", "batch-size");
    public static final Set<String> FLAG_OPTIONS = Set.of("dry-run");

    /** Exit code when the import ran and some rows were rejected. */
    public static final int SOME_REJECTED = 2;

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String summary() {
        return "import a customer's history (JSON Lines events, or CSV/JSON rows with a mapping) by COPY, validated as live events";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml import --tenant T --events history.jsonl
                       roi-ml import --tenant T --csv sales.csv --mapping sales-mapping.json [--delimiter ';']
                       roi-ml import --tenant T --rows sales.jsonl --mapping sales-mapping.json
                         [--rejected rejected.jsonl] [--report report.json] [--emit events.jsonl] [--dry-run] [--batch-size N]

                Loads history into PG_URL (or the embedded PostgreSQL under DATA_DIR), migrating it first. Every event is
                checked as POST /v1/events checks it (the contract, the tenant owning what it is about) and written with
                COPY, 50,000 events per transaction, idempotently: importing the same input again stores nothing twice,
                and an imported event sent later over HTTP or Kafka is a duplicate. The mapping format is in docs/import.md.

                  --tenant T        the tenant whose history this is (events naming another are rejected)
                  --events FILE     JSON Lines of event envelopes, one per line (they keep their event ids)
                  --csv FILE        a CSV table with a header row (RFC 4180), mapped to events by --mapping
                  --rows FILE       a JSON Lines table (one flat object per line), mapped to events by --mapping
                  --mapping FILE    how the table's columns become events (JSON; docs/import.md)
                  --delimiter C     the CSV field separator: one character, or 'tab' (default ',')
                  --rejected FILE   write each rejected event as a JSON line: row/line, reason, field, message, the row
                  --report FILE     write the report as JSON too
                  --emit FILE       write the valid events as JSON Lines (for POST /v1/events or Kafka)
                  --dry-run         validate and report, write nothing to the database
                  --batch-size N    events per transaction (default 50000)

                A progress bar goes to stderr, the report to stdout. Exit code 0: every event accepted or a duplicate;
                2: some were rejected (see --rejected); 1: a mistake in the options, a file or the mapping.
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        ImportRequest request = request(line);
        try (OutputStream rejected = output(line, "rejected"); OutputStream emit = output(line, "emit")) {
            ImportReport report = execute(config, request, rejected, emit, new ReadProgress(System.err, 0));
            System.out.println(report.describe());
            if (line.has("report")) {
                writeReport(Path.of(line.string("report", "")), report);
            }
            return report.rejected() > 0 ? SOME_REJECTED : 0;
        }
    }

    /** Starts what the import needs (PostgreSQL, migrated), runs it and stops them again. */
    public static ImportReport execute(AppConfig config, ImportRequest request, OutputStream rejected, OutputStream emit, ReadProgress progress)
            throws Exception {
        try (Infrastructure infra = Infrastructure.start(config, EnumSet.of(Infrastructure.Server.POSTGRES))) {
            AppConfig resolved = infra.config();
            DatabaseUrl url = DatabaseUrl.parse(resolved.string("pg.url"));
            Migrations.apply(url);
            JsonObject ingest = resolved.json().getJsonObject("ingest", new JsonObject());
            int maxEventBytes = ingest.getInteger("maxEventBytes", 64 * 1024);
            EventValidator validator = EventValidator.load(maxEventBytes, Duration.ofSeconds(ingest.getLong("maxFutureSkewSeconds", 300L)));
            Vertx vertx = ServiceRuntime.createVertx();
            try {
                return new Importer(validator, maxEventBytes, PgPools.shared(vertx, resolved.json()), url).run(request, rejected, emit, progress);
            } catch (ServiceFailure e) {
                // A mistake in the mapping or the file's header is the user's to fix; an unavailable database is not.
                if (e.code() == FailureCode.INVALID_REQUEST) {
                    throw new ConfigException(e.getMessage());
                }
                throw e;
            } finally {
                Blocking.await(vertx.close(), Duration.ofSeconds(30));
            }
        }
    }

    /** The options as a request; a missing or contradictory option, or an unreadable input, is named. */
    static ImportRequest request(CommandLine line) {
        String tenant = line.string("tenant", null);
        if (tenant == null) {
            throw new ConfigException("--tenant is required: the tenant whose history this is");
        }
        if (!ContractFields.isTenantId(tenant)) {
            throw new ConfigException("--tenant '" + tenant + "' is not a tenant id: a letter or digit, then up to 63 letters, digits, '_', '.' or '-'");
        }
        List<String> inputs = List.of("events", "csv", "rows").stream().filter(line::has).toList();
        if (inputs.size() != 1) {
            throw new ConfigException("give exactly one of --events, --csv or --rows" + (inputs.isEmpty() ? "" : ", not " + inputs.stream()
                    .map(name -> "--" + name).toList()));
        }
        Format format = Format.valueOf(inputs.get(0).toUpperCase(java.util.Locale.ROOT));
        Path input = readable(line, inputs.get(0));
        Path mapping = null;
        if (format == Format.EVENTS && line.has("mapping")) {
            throw new ConfigException("--mapping applies to --csv and --rows; --events are read as they are");
        }
        if (format != Format.EVENTS) {
            if (!line.has("mapping")) {
                throw new ConfigException("--" + inputs.get(0) + " needs --mapping FILE (docs/import.md)");
            }
            mapping = readable(line, "mapping");
        }
        if (line.has("delimiter") && format != Format.CSV) {
            throw new ConfigException("--delimiter applies to --csv only");
        }
        int batchSize = line.integer("batch-size", ImportRequest.DEFAULT_BATCH_SIZE);
        if (batchSize < 1) {
            throw new ConfigException("--batch-size must be at least 1, got " + batchSize);
        }
        return new ImportRequest(tenant, format, input, mapping, delimiter(line), batchSize, line.flag("dry-run"));
    }

    private static char delimiter(CommandLine line) {
        String value = line.string("delimiter", ",");
        if (value.equals("tab") || value.equals("\\t")) {
            return '\t';
        }
        if (value.length() != 1 || value.charAt(0) == '"' || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
            throw new ConfigException("--delimiter must be one character (not a quote or line break) or 'tab', got '" + value + "'");
        }
        return value.charAt(0);
    }

    private static Path readable(CommandLine line, String option) {
        Path path = Path.of(line.string(option, ""));
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException("--" + option + ": " + path + " does not exist or cannot be read");
        }
        return path;
    }

    private static OutputStream output(CommandLine line, String option) {
        if (!line.has(option)) {
            return null;
        }
        Path path = Path.of(line.string(option, ""));
        try {
            return new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        } catch (IOException e) {
            throw new ConfigException("--" + option + ": cannot write " + path + " (" + e.getMessage() + ")");
        }
    }

    private static void writeReport(Path path, ImportReport report) {
        try {
            Files.writeString(path, report.toJson().encodePrettily() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("--report: cannot write " + path + " (" + e.getMessage() + ")");
        }
    }
}
