package com.roisystems.ml.importer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import did: rows read, events built, stored new, duplicates (stored before, or repeated in the input),
 * rejected by reason with a count and the first few examples, elapsed time and rate. A dry run stores nothing: its
 * valid events are counted as {@code valid}, neither accepted nor duplicate.
 *
 * <p>{@code report.toJson().encodePrettily(); report.describe();}
 */
public final class ImportReport {

    /** Where an import spends its time, reported so a slow import says why (reading the file is the remainder). */
    enum Phase {
        BUILD_AND_VALIDATE("build_and_validate"), TENANT_CHECK("tenant_check"), WRITE("write");

        final String wireName;

        Phase(String wireName) {
            this.wireName = wireName;
        }
    }

    /** How many examples of each rejection reason the report keeps. */
    static final int EXAMPLES_PER_REASON = 3;

    private final String input;
    private final String tenant;
    private final boolean dryRun;
    private long rowsRead;
    private long eventsBuilt;
    private long valid;
    private long accepted;
    private long rejected;
    private final Map<String, Long> rejectedByReason = new TreeMap<>();
    private final Map<String, JsonArray> examples = new TreeMap<>();
    private long elapsedNanos;
    private final Map<Phase, Long> phaseNanos = new EnumMap<>(Phase.class);

    ImportReport(String input, String tenant, boolean dryRun) {
        this.input = input;
        this.tenant = tenant;
        this.dryRun = dryRun;
    }

    void rowsRead(long rows) {
        rowsRead = rows;
    }

    void built(long events) {
        eventsBuilt += events;
    }

    void valid(long events, long storedNew) {
        valid += events;
        accepted += storedNew;
    }

    void rejected(String reason, JsonObject example) {
        rejected++;
        rejectedByReason.merge(reason, 1L, Long::sum);
        JsonArray kept = examples.computeIfAbsent(reason, r -> new JsonArray());
        if (kept.size() < EXAMPLES_PER_REASON) {
            kept.add(example);
        }
    }

    void spent(Phase phase, long nanos) {
        phaseNanos.merge(phase, nanos, Long::sum);
    }

    void finished(long elapsedNanos) {
        this.elapsedNanos = elapsedNanos;
    }

    public long rejected() {
        return rejected;
    }

    public long accepted() {
        return accepted;
    }

    /** Events stored before this import, or repeated in its input: valid but not stored again. */
    public long duplicates() {
        return dryRun ? 0 : valid - accepted;
    }

    public long eventsBuilt() {
        return eventsBuilt;
    }

    public long rowsRead() {
        return rowsRead;
    }

    public Map<String, Long> rejectedByReason() {
        return Map.copyOf(rejectedByReason);
    }

    double seconds() {
        return elapsedNanos / 1e9;
    }

    double eventsPerSecond() {
        return eventsBuilt / Math.max(1e-9, seconds());
    }

    public JsonObject toJson() {
        JsonObject reasons = new JsonObject();
        rejectedByReason.forEach((reason, count) -> reasons.put(reason, new JsonObject().put("count", count).put("examples", examples.get(reason))));
        JsonObject json = new JsonObject().put("input", input).put("tenant", tenant).put("dry_run", dryRun)
                .put("rows_read", rowsRead).put("events_built", eventsBuilt);
        if (dryRun) {
            json.put("valid", valid);
        } else {
            json.put("accepted", accepted).put("duplicates", duplicates());
        }
        return json.put("rejected", rejected).put("rejected_by_reason", reasons)
                .put("elapsed_seconds", Math.round(seconds() * 1000) / 1000.0).put("events_per_second", Math.round(eventsPerSecond()))
                .put("seconds_by_phase", phases());
    }

    private JsonObject phases() {
        JsonObject phases = new JsonObject();
        for (Phase phase : Phase.values()) {
            phases.put(phase.wireName, Math.round(phaseNanos.getOrDefault(phase, 0L) / 1e6) / 1000.0);
        }
        return phases;
    }

    /** The report for people: a few lines, one per rejection reason with its first example. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Imported %s for tenant %s%s: %,d rows read, %,d events built%n", input, tenant,
                dryRun ? " (dry run: nothing written)" : "", rowsRead, eventsBuilt));
        if (dryRun) {
            text.append(String.format(Locale.ROOT, "  valid       %,12d%n", valid));
        } else {
            text.append(String.format(Locale.ROOT, "  accepted    %,12d  (stored new)%n", accepted));
            text.append(String.format(Locale.ROOT, "  duplicates  %,12d  (stored before, or repeated in the input)%n", duplicates()));
        }
        text.append(String.format(Locale.ROOT, "  rejected    %,12d%n", rejected));
        rejectedByReason.forEach((reason, count) -> {
            JsonObject first = examples.get(reason).getJsonObject(0);
            text.append(String.format(Locale.ROOT, "    %-22s %,10d  e.g. %s%n", reason, count, example(first)));
        });
        text.append(String.format(Locale.ROOT, "  elapsed %.2f s, %,.0f events/s (build and validate %.2f s, tenant check %.2f s, write %.2f s)",
                seconds(), eventsPerSecond(), phaseNanos.getOrDefault(Phase.BUILD_AND_VALIDATE, 0L) / 1e9,
                phaseNanos.getOrDefault(Phase.TENANT_CHECK, 0L) / 1e9, phaseNanos.getOrDefault(Phase.WRITE, 0L) / 1e9));
        return text.toString();
    }

    private static String example(JsonObject first) {
        String where = first.containsKey("row") ? "row " + first.getValue("row") : "line " + first.getValue("line");
        String what = first.getString("event_type") == null ? "" : " " + first.getString("event_type");
        String message = first.getString("message");
        String field = first.getString("field");
        // The validator's messages mostly start with the field already.
        boolean named = field == null || message.startsWith(field);
        return where + what + (named ? "" : " " + field) + ": " + message;
    }
}
