package com.roisystems.ml.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * The one event-bus codec of every contract type ({@link WireFormat}): on the local bus the object itself is
 * delivered (no copy, no JSON), between cluster nodes it is its type's name and its format's JSON. One codec rather
 * than one per type because a node must decode a type it has not used itself yet (an alert kind it never raised, a
 * reply type of a request it never sent): a codec per type exists on a node only once that node has used the type,
 * while this one is there from the node's first bus call, and finds the type's format by name.
 */
final class RecordCodec implements MessageCodec<Object, Object> {

    static final String NAME = "roi.record";

    @Override
    public void encodeToWire(Buffer buffer, Object message) {
        WireFormat<Object> format = KnownFormats.of(message.getClass());
        byte[] type = message.getClass().getName().getBytes(StandardCharsets.UTF_8);
        Buffer json = format.toJson().apply(message).toBuffer();
        buffer.appendInt(type.length).appendBytes(type).appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public Object decodeFromWire(int position, Buffer buffer) {
        int typeLength = buffer.getInt(position);
        String type = buffer.getString(position + 4, position + 4 + typeLength, StandardCharsets.UTF_8.name());
        int jsonStart = position + 4 + typeLength;
        int jsonLength = buffer.getInt(jsonStart);
        JsonObject json = new JsonObject(buffer.getBuffer(jsonStart + 4, jsonStart + 4 + jsonLength));
        return KnownFormats.named(type).fromJson().apply(json);
    }

    /** Messages are immutable records: the receiver may share the sender's instance. */
    @Override
    public Object transform(Object message) {
        return message;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
