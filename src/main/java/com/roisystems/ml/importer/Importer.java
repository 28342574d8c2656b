package com.roisystems.ml.importer;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.bus.EventTypes;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.ingest.ActivityEvent;
import com.roisystems.ml.ingest.CheckedEvent;
import com.roisystems.ml.ingest.EventValidator;
import com.roisystems.ml.ingest.TenantOwnership;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Imports a customer's history: reads the input (event envelopes, or table rows through a mapping), checks every event
 * with the live path's {@link EventValidator} and, a batch at a time, with {@link TenantOwnership} exactly as Kafka
 * and HTTP events are checked, then writes the valid ones with {@link StagedWriter} (COPY, idempotent, one transaction
 * per batch). Rejected events go to the report and the rejected file, never to the database; with {@code emit} the
 * valid events are also written out as JSON Lines for {@code POST /v1/events} or Kafka. Blocking: a command-line
 * job, never run on an event loop.
 *
 * <p>{@code ImportReport report = new Importer(validator, 65_536, pool, url).run(request, rejected, emit, progress);}
 */
public final class Importer {

    private static final Logger log = LoggerFactory.getLogger(Importer.class);
    private static final Duration OWNERSHIP_TIMEOUT = Duration.ofMinutes(5);

    private final EventValidator validator;
    private final int maxEventBytes;
    private final SqlClient owners;
    private final DatabaseUrl url;

    /**
     * @param validator     the live path's validator, loaded with the live path's limits ({@code ingest} config)
     * @param maxEventBytes the largest event line accepted ({@code ingest.maxEventBytes})
     * @param owners        where the tenant-ownership check reads who owns the entities a batch names
     * @param url           the database written with COPY
     */
    public Importer(EventValidator validator, int maxEventBytes, SqlClient owners, DatabaseUrl url) {
        this.validator = validator;
        this.maxEventBytes = maxEventBytes;
        this.owners = owners;
        this.url = url;
    }

    /** The input read in order, a row (or line) at a time; turning one into its checked events is deferred. */
    private interface Candidates {
        /** The next row's work and how many events it yields; null at the end. */
        Pending next() throws IOException;

        long rowsRead();
    }

    /** One row read, not yet turned into checked events (that is the costly part, run in parallel). */
    private record Pending(Supplier<List<Candidate>> work, int events) {
    }

    /**
     * Runs the import. {@code rejected} and {@code emit} (either may be null) receive JSON Lines; the caller closes them.
     * A mistake in the mapping fails before anything is read, with a {@code ServiceFailure} naming the entry and field.
     */
    public ImportReport run(ImportRequest request, OutputStream rejected, OutputStream emit, ReadProgress progress) throws Exception {
        long started = System.nanoTime();
        ImportReport report = new ImportReport(request.input().getFileName().toString(), request.tenant(), request.dryRun());
        try (InputFile file = InputFile.open(request.input());
             StagedWriter writer = request.dryRun() ? null : StagedWriter.open(url)) {
            Candidates input = candidates(request, file);
            ReadProgress bar = progress.forFile(file.size());
            List<Pending> pending = new ArrayList<>();
            int events = 0;
            for (Pending next; (next = input.next()) != null; ) {
                pending.add(next);
                events += next.events();
                if (events >= request.batchSize()) {
                    flush(check(pending, report), writer, report, rejected, emit);
                    pending.clear();
                    events = 0;
                }
                bar.update(file.bytesRead(), input.rowsRead(), report.eventsBuilt(), false);
            }
            flush(check(pending, report), writer, report, rejected, emit);
            report.rowsRead(input.rowsRead());
            bar.update(file.bytesRead(), input.rowsRead(), report.eventsBuilt(), true);
            bar.finish();
        }
        report.finished(System.nanoTime() - started);
        log.info("Imported {} for tenant {}{}: {} events, {} accepted, {} rejected", request.input(), request.tenant(),
                request.dryRun() ? " (dry run)" : "", report.eventsBuilt(), report.accepted(), report.rejected());
        return report;
    }

    /**
     * Builds and validates the rows' events on every core (the validator is thread-safe; this is where an import spends
     * its CPU), keeping the input's order.
     */
    private static List<Candidate> check(List<Pending> pending, ImportReport report) {
        long started = System.nanoTime();
        List<Candidate> batch = pending.parallelStream().flatMap(row -> row.work().get().stream()).toList();
        report.built(batch.stream().filter(candidate -> !isMalformedRow(candidate)).count());
        report.spent(ImportReport.Phase.BUILD_AND_VALIDATE, System.nanoTime() - started);
        return batch;
    }

    private Candidates candidates(ImportRequest request, InputFile file) throws IOException {
        if (request.format() == ImportRequest.Format.EVENTS) {
            EventLines lines = new EventLines(new ByteLines(file.stream()), validator, request.tenant(), maxEventBytes);
            return new Candidates() {
                @Override
                public Pending next() throws IOException {
                    Supplier<Candidate> next = lines.next();
                    return next == null ? null : new Pending(() -> List.of(next.get()), 1);
                }

                @Override
                public long rowsRead() {
                    return lines.rowsRead();
                }
            };
        }
        RowSource rows = request.format() == ImportRequest.Format.CSV ? CsvRows.open(file, request.delimiter()) : JsonRows.open(file);
        ImportMapping mapping = ImportMapping.parse(Files.readString(request.mapping()), request.mapping().getFileName().toString(),
                ContractFields.load(), rows.columns(), rows.columnsOrigin());
        EventBuilder builder = new EventBuilder(mapping, validator, request.tenant());
        return new Candidates() {
            private long read;

            @Override
            public Pending next() throws IOException {
                SourceRow row = rows.next();
                if (row == null) {
                    return null;
                }
                read++;
                return new Pending(() -> builder.build(row), mapping.entries().size());
            }

            @Override
            public long rowsRead() {
                return read;
            }
        };
    }

    /** Checks the batch's tenants as the live path does, writes its valid events, and records the rest. */
    private void flush(List<Candidate> batch, StagedWriter writer, ImportReport report, OutputStream rejected, OutputStream emit)
            throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        List<CheckedEvent> checked = batch.stream().map(Candidate::checked).toList();
        long started = System.nanoTime();
        List<CheckedEvent> confined = Blocking.await(TenantOwnership.confine(owners, checked), OWNERSHIP_TIMEOUT);
        report.spent(ImportReport.Phase.TENANT_CHECK, System.nanoTime() - started);
        List<ActivityEvent> valid = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            CheckedEvent event = confined.get(i);
            if (event.valid()) {
                valid.add(event.event());
                if (emit != null) {
                    emit.write(event.raw());
                    emit.write('\n');
                }
            } else {
                Candidate candidate = batch.get(i).refused(event);
                JsonObject record = rejection(candidate);
                report.rejected(event.rejection().code(), record);
                if (rejected != null) {
                    rejected.write(record.toBuffer().getBytes());
                    rejected.write('\n');
                }
            }
        }
        started = System.nanoTime();
        int stored = writer == null ? 0 : writer.write(valid);
        report.spent(ImportReport.Phase.WRITE, System.nanoTime() - started);
        report.valid(valid.size(), stored);
    }

    /** A rejected event as the rejected file records it: where it came from, why, and the row as read. */
    static JsonObject rejection(Candidate candidate) {
        CheckedEvent event = candidate.checked();
        JsonObject record = new JsonObject();
        if (candidate.mappingEntry() >= 0 || isMalformedRow(candidate)) {
            record.put("row", candidate.row());
        }
        record.put("line", candidate.line());
        if (candidate.mappingEntry() >= 0) {
            record.put("mapping_entry", candidate.mappingEntry());
        }
        return record.put(EventTypes.EVENT_TYPE, event.eventType()).put(EventTypes.EVENT_ID, event.eventId())
                .put("reason", event.rejection().code()).put("field", event.rejection().field()).put("message", event.rejection().message())
                .put("original", original(candidate.original()));
    }

    private static boolean isMalformedRow(Candidate candidate) {
        return !candidate.checked().valid() && EventBuilder.MALFORMED_ROW.equals(candidate.checked().rejection().code());
    }

    /** A JSON Lines line is kept as received: as JSON when it is JSON, else as its text. */
    private static Object original(Object original) {
        if (!(original instanceof byte[] bytes)) {
            return original;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            return Json.decodeValue(text);
        } catch (DecodeException e) {
            return text;
        }
    }
}
