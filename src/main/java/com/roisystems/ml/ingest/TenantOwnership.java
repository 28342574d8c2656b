package com.roisystems.ml.ingest;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps events from writing under the wrong tenant: entity ids are platform-unique, so an event whose user, property
 * or transaction already belongs to another tenant than its {@code tenant_id} is refused ({@link Rejection#TENANT_MISMATCH},
 * field {@code tenant_id}) and dead-lettered, never stored. What it is about is the event's entity, and for property and
 * transaction events also the owning user their payload names. An entity not stored yet (streams arrive out of
 * order) is claimed by the first event of the batch that names it, so one batch cannot split it between tenants.
 * The owners are read just before the batch's write transaction, not inside it: two batches that create the same new
 * entity for two tenants at the same moment are not told apart (entity ids are the producers' own, so that would be
 * a producer bug); an existing entity can never be taken over.
 *
 * <p>{@code ownership.confine(pool, checked).map(confined -> ...)  // the same list, refused events replaced}
 */
public final class TenantOwnership {

    private record Ref(String kind, String id) {
    }

    private TenantOwnership() {
    }

    /** {@code checked} in the same order, each valid event about another tenant's entity replaced by its refusal. */
    public static Future<List<CheckedEvent>> confine(SqlClient client, List<CheckedEvent> checked) {
        Map<String, Set<String>> idsByKind = new HashMap<>();
        for (CheckedEvent event : checked) {
            if (event.valid()) {
                refs(event.event()).forEach(ref -> idsByKind.computeIfAbsent(ref.kind(), kind -> new LinkedHashSet<>()).add(ref.id()));
            }
        }
        if (idsByKind.isEmpty()) {
            return Future.succeededFuture(checked);
        }
        return client.preparedQuery(IngestQueries.OWNERS)
                .execute(Tuple.of(ids(idsByKind, "USER"), ids(idsByKind, "PROPERTY"), ids(idsByKind, "TRANSACTION")))
                .map(rows -> {
                    Map<Ref, String> owners = new HashMap<>();
                    for (Row row : rows) {
                        owners.put(new Ref(row.getString("kind"), row.getString("id")), row.getString("tenant_id"));
                    }
                    List<CheckedEvent> confined = new ArrayList<>(checked.size());
                    for (CheckedEvent event : checked) {
                        confined.add(event.valid() ? confine(event, owners) : event);
                    }
                    return confined;
                });
    }

    private static CheckedEvent confine(CheckedEvent checked, Map<Ref, String> owners) {
        ActivityEvent event = checked.event();
        List<Ref> refs = refs(event);
        for (Ref ref : refs) {
            String owner = owners.get(ref);
            if (owner != null && !owner.equals(event.tenantId())) {
                return checked.refuse(new Rejection(Rejection.TENANT_MISMATCH, ref.kind().toLowerCase(java.util.Locale.ROOT) + " '" + ref.id()
                        + "' is not an entity of tenant '" + event.tenantId() + "'", "tenant_id"));
            }
        }
        refs.forEach(ref -> owners.putIfAbsent(ref, event.tenantId()));
        return checked;
    }

    /** The entities an event is about: its own (market data, shared by all tenants, has none) and the user it names. */
    private static List<Ref> refs(ActivityEvent event) {
        List<Ref> refs = new ArrayList<>(2);
        switch (event.entityType()) {
            case "USER" -> refs.add(new Ref("USER", event.entityId()));
            case "PROPERTY" -> {
                refs.add(new Ref("PROPERTY", event.entityId()));
                addUser(refs, event.payload().getValue("owner_user_id"));
            }
            case "TRANSACTION" -> {
                refs.add(new Ref("TRANSACTION", event.entityId()));
                addUser(refs, event.payload().getValue("user_id"));
            }
            default -> {
            }
        }
        return refs;
    }

    private static void addUser(List<Ref> refs, Object userId) {
        if (userId instanceof String id && !id.isEmpty()) {
            refs.add(new Ref("USER", id));
        }
    }

    private static String[] ids(Map<String, Set<String>> idsByKind, String kind) {
        return idsByKind.getOrDefault(kind, Set.of()).toArray(String[]::new);
    }
}
