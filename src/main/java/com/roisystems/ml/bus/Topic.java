package com.roisystems.ml.bus;

/**
 * One publish/subscribe address of a contract: every subscriber gets every message, nobody replies.
 * A topic reaches the subscribers of every cluster node unless it is {@code nodeLocal}: then it stays on the node
 * that published it (its subscribers are local consumers and publications are local only), for a fact only that
 * node must act on — a prediction its own log journals and counts, activity its own feature store refreshes. In a
 * single process both kinds behave the same.
 *
 * <p>{@code Topic<ModelsChanged> CHANGED = Topic.of("models.changed", ModelsChanged.FORMAT);}
 */
public record Topic<T>(String address, WireFormat<T> format, boolean nodeLocal) {

    /** A topic every node's subscribers receive. */
    public static <T> Topic<T> of(String address, WireFormat<T> format) {
        return new Topic<>(address, format, false);
    }

    /** A topic whose messages stay on the node that published them. */
    public static <T> Topic<T> nodeLocal(String address, WireFormat<T> format) {
        return new Topic<>(address, format, true);
    }
}
