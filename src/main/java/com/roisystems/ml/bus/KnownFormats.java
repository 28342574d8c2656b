package com.roisystems.ml.bus;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wire format of every contract type this JVM has created, by type and by type name: what {@link RecordCodec}
 * encodes with, and decodes with when a message arrives from another node. A type whose format is not known yet is
 * loaded by name, which runs its static initialiser and so creates its {@code FORMAT}.
 */
final class KnownFormats {

    private static final Map<Class<?>, WireFormat<?>> BY_TYPE = new ConcurrentHashMap<>();
    private static final Map<String, WireFormat<?>> BY_NAME = new ConcurrentHashMap<>();

    private KnownFormats() {
    }

    static void add(WireFormat<?> format) {
        // JSON objects travel with Vert.x's own codec (clients that speak only JSON, the bridge).
        // containsKey first: every send passes here, and a lookup takes no lock where putIfAbsent may.
        if (format.type() != JsonObject.class && !BY_TYPE.containsKey(format.type())
                && BY_TYPE.putIfAbsent(format.type(), format) == null) {
            BY_NAME.put(format.type().getName(), format);
        }
    }

    /** The codec name for a message body: this codec's for a contract type, none (Vert.x decides) otherwise. */
    static String codecFor(Object body) {
        return BY_TYPE.containsKey(body.getClass()) ? RecordCodec.NAME : null;
    }

    @SuppressWarnings("unchecked")
    static WireFormat<Object> of(Class<?> type) {
        WireFormat<?> format = BY_TYPE.get(type);
        if (format == null) {
            throw new IllegalStateException("no wire format for " + type.getName());
        }
        return (WireFormat<Object>) format;
    }

    /** The format of a type named by another node; loads the type when this JVM has not used it yet. */
    static WireFormat<Object> named(String typeName) {
        if (!BY_NAME.containsKey(typeName)) {
            try {
                Class.forName(typeName, true, KnownFormats.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("a message of type " + typeName + " arrived, a type this node does not have"
                        + " (nodes of different versions in one cluster?)", e);
            }
        }
        WireFormat<?> format = BY_NAME.get(typeName);
        if (format == null) {
            throw new IllegalStateException("a message of type " + typeName + " arrived, a type with no WireFormat on this node");
        }
        return of(format.type());
    }
}
