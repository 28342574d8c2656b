package com.roisystems.ml.privacy;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an erasure removed: rows per table (every table it looked at, zeros included, so a repeated erasure answers
 * all zeros) and whether the online store held a vector.
 */
public record ErasureReport(String userId, Map<String, Long> rowsPerTable, boolean onlineVectorRemoved) {

    public ErasureReport {
        rowsPerTable = Map.copyOf(rowsPerTable);
    }

    public long totalRows() {
        return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code {"user_id", "deleted": {"table": rows, ...}, "total_rows", "online_store_keys"}}. */
    public JsonObject toJson() {
        JsonObject deleted = new JsonObject();
        new TreeMap<>(rowsPerTable).forEach(deleted::put);
        return new JsonObject().put("user_id", userId).put("deleted", deleted).put("total_rows", totalRows())
                .put("online_store_keys", onlineVectorRemoved ? 1 : 0);
    }
}
