package com.roisystems.ml.bus;

/**
 * One publish/subscribe address of a contract: every subscriber gets every message, nobody replies.
 *
 * <p>{@code Topic<ModelsChanged> CHANGED = Topic.of("models.changed", ModelsChanged.FORMAT);}
 */
public record Topic<T>(String address, WireFormat<T> format) {

    public static <T> Topic<T> of(String address, WireFormat<T> format) {
        return new Topic<>(address, format);
    }
}
