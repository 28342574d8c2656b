package com.roisystems.ml.importer;

import com.roisystems.ml.ingest.EventValidator;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the event contract ({@code schemas/activity-events.json}, read at run time) says a mapping may produce: each
 * event type's entity type and its payload fields with their JSON types. Read from the same resource the validator
 * reads, so a field added to or made optional in the contract is importable without a change here.
 *
 * <p>{@code ContractFields contract = ContractFields.load(); contract.fieldType("property.created", "bedrooms")}
 */
public final class ContractFields {

    private final Map<String, String> entityTypes;
    private final Map<String, Map<String, FieldType>> payloadFields;
    private final Pattern tenantId;

    private ContractFields(Map<String, String> entityTypes, Map<String, Map<String, FieldType>> payloadFields, Pattern tenantId) {
        this.entityTypes = entityTypes;
        this.payloadFields = payloadFields;
        this.tenantId = tenantId;
    }

    static ContractFields load() {
        return of(EventValidator.contract());
    }

    static ContractFields of(JsonObject contract) {
        Map<String, String> entityTypes = new LinkedHashMap<>();
        Map<String, Map<String, FieldType>> payloadFields = new LinkedHashMap<>();
        JsonObject types = contract.getJsonObject("types");
        for (String type : new TreeSet<>(types.fieldNames())) {
            JsonObject definition = types.getJsonObject(type);
            entityTypes.put(type, definition.getString("entity_type"));
            JsonObject properties = definition.getJsonObject("payload").getJsonObject("properties", new JsonObject());
            Map<String, FieldType> fields = new LinkedHashMap<>();
            for (String field : properties.fieldNames()) {
                fields.put(field, FieldType.of(properties.getJsonObject(field)));
            }
            payloadFields.put(type, fields);
        }
        String tenantPattern = contract.getJsonObject("envelope").getJsonObject("properties").getJsonObject("tenant_id").getString("pattern");
        return new ContractFields(Map.copyOf(entityTypes), Map.copyOf(payloadFields), Pattern.compile(tenantPattern));
    }

    /** Whether {@code tenant} is a tenant id as the envelope's schema writes one. */
    public static boolean isTenantId(String tenant) {
        return tenant != null && load().tenantId.matcher(tenant).find();
    }

    boolean knows(String eventType) {
        return entityTypes.containsKey(eventType);
    }

    Set<String> eventTypes() {
        return new TreeSet<>(entityTypes.keySet());
    }

    String entityType(String eventType) {
        return entityTypes.get(eventType);
    }

    /** The payload field's type, or null when the event type's payload has no such field. */
    FieldType fieldType(String eventType, String field) {
        return payloadFields.get(eventType).get(field);
    }

    Set<String> fields(String eventType) {
        return payloadFields.get(eventType).keySet();
    }
}
