package com.roisystems.ml.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus codec of one immutable message type: on the local bus the object itself is delivered
 * (no copy, no JSON), between cluster nodes it is its {@link WireFormat}'s JSON.
 */
final class RecordCodec<T> implements MessageCodec<T, T> {

    private final WireFormat<T> format;

    RecordCodec(WireFormat<T> format) {
        this.format = format;
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        Buffer json = format.toJson().apply(message).toBuffer();
        buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public T decodeFromWire(int position, Buffer buffer) {
        int length = buffer.getInt(position);
        return format.fromJson().apply(new JsonObject(buffer.getBuffer(position + 4, position + 4 + length)));
    }

    /** Messages are immutable records: the receiver may share the sender's instance. */
    @Override
    public T transform(T message) {
        return message;
    }

    @Override
    public String name() {
        return format.type().getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
