package com.roisystems.ml.importer;

import com.roisystems.ml.bus.EventTypes;
import com.roisystems.ml.ingest.CheckedEvent;
import com.roisystems.ml.ingest.EventValidator;
import com.roisystems.ml.ingest.Rejection;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A JSON Lines file of event envelopes, one per line, each checked as an HTTP producer's would be: the validator
 * reads the bytes (size, UTF-8, JSON, envelope, payload); an event without {@code tenant_id} gets the import's
 * tenant, one naming another tenant is rejected ({@code tenant_mismatch}). Events keep their own ids. Blank lines are
 * skipped. The row kept for the rejected file is the line's bytes, as received.
 *
 * <p>{@code EventLines lines = new EventLines(new ByteLines(in), validator, "acme", 65_536); Candidate first = lines.next().get();}
 */
final class EventLines {

    private final ByteLines lines;
    private final EventValidator validator;
    private final String tenant;
    private final int maxEventBytes;
    private long rows;

    /** {@code maxEventBytes}: the live path's limit ({@code ingest.maxEventBytes}), which the validator applies to raw bytes. */
    EventLines(ByteLines lines, EventValidator validator, String tenant, int maxEventBytes) {
        this.lines = lines;
        this.validator = validator;
        this.tenant = tenant;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * The next line's event, to be checked by calling the supplier (on any thread: checking is the costly part, reading
     * is not); null at the end of the file.
     */
    Supplier<Candidate> next() throws IOException {
        byte[] line = lines.next();
        if (line == null) {
            return null;
        }
        rows++;
        long row = rows;
        long lineNumber = lines.lineNumber();
        byte[] read = line;
        return () -> new Candidate(check(read), row, lineNumber, -1, read);
    }

    private CheckedEvent check(byte[] line) {
        JsonObject json = parsed(line);
        if (json == null) {
            // Not a JSON object in UTF-8 (or too large): the validator says which, in the live path's words.
            return validator.validate(line);
        }
        Object named = json.getValue(EventTypes.TENANT_ID);
        if (named != null && !tenant.equals(named)) {
            return CheckedEvent.rejected(new Rejection(Rejection.TENANT_MISMATCH, "the event names tenant '" + named
                    + "'; this import is for tenant '" + tenant + "'", EventTypes.TENANT_ID),
                    json.getValue(EventTypes.EVENT_ID) instanceof String id ? id : null,
                    json.getValue(EventTypes.EVENT_TYPE) instanceof String type ? type : null, line, tenant);
        }
        if (named == null) {
            json.put(EventTypes.TENANT_ID, tenant);
            return validator.validate(json, json.toBuffer().getBytes());
        }
        return validator.validate(json, line);
    }

    /** The line as a JSON object when it is one within the size limit, else null. */
    private JsonObject parsed(byte[] line) {
        if (line.length > maxEventBytes) {
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line)).toString();
            return Json.decodeValue(text) instanceof JsonObject object ? object : null;
        } catch (DecodeException | CharacterCodingException e) {
            return null;
        }
    }

    long rowsRead() {
        return rows;
    }
}
