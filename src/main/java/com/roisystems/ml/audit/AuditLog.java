package com.roisystems.ml.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code audit_log} table: append an entry, list entries newest first. Rows are never changed (the table's
 * triggers refuse it); only the retention job removes old ones.
 *
 * <p>{@code auditLog.list(AuditQuery.parse("alice", null, null, "20")).onSuccess(entries -> ...)}
 */
public final class AuditLog {

    static final String INSERT = """
            INSERT INTO audit_log (at, actor, roles, tenant_id, action, target, outcome, client_address, details)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";

    static final String LIST = """
            SELECT id, at, actor, roles, tenant_id, action, target, outcome, client_address, details
            FROM audit_log
            WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2) AND ($3::timestamptz IS NULL OR at >= $3)
            ORDER BY at DESC, id DESC
            LIMIT $4""";

    private final Pool pool;

    public AuditLog(Pool pool) {
        this.pool = pool;
    }

    public Future<Void> append(AuditEntry entry) {
        return pool.preparedQuery(INSERT).execute(Tuple.tuple()
                        .addValue(OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC))
                        .addValue(entry.actor())
                        .addValue(entry.roles().toArray(String[]::new))
                        .addValue(entry.tenant())
                        .addValue(entry.action())
                        .addValue(entry.target())
                        .addValue(entry.outcome())
                        .addValue(entry.clientAddress())
                        .addValue(entry.details()))
                .mapEmpty();
    }

    public Future<List<AuditEntry>> list(AuditQuery query) {
        OffsetDateTime since = query.since() == null ? null : OffsetDateTime.ofInstant(query.since(), ZoneOffset.UTC);
        return pool.preparedQuery(LIST).execute(Tuple.of(query.actor(), query.action(), since, query.limit()))
                .map(rows -> {
                    List<AuditEntry> entries = new ArrayList<>(rows.size());
                    rows.forEach(row -> entries.add(entry(row)));
                    return entries;
                });
    }

    private static AuditEntry entry(Row row) {
        return new AuditEntry(row.getLong("id"), row.getOffsetDateTime("at").toInstant(), row.getString("actor"),
                List.of(row.getArrayOfStrings("roles")), row.getString("tenant_id"), row.getString("action"),
                (JsonObject) row.getJson("target"), row.getInteger("outcome"), row.getString("client_address"),
                (JsonObject) row.getJson("details"));
    }
}
