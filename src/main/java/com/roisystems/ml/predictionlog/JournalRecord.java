package com.roisystems.ml.predictionlog;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One prediction as a journal record: a frame {@code [payload length: int][CRC-32C of the payload: int][payload]}
 * whose payload holds the prediction's fields in binary, its JSON documents (request, features used, SHAP values) as
 * a tagged tree with doubles as their 8 bytes. The scorer encodes a record before it answers, and a prediction carries
 * some 220 full-precision doubles: as JSON text they took about 60 µs to write and 80 µs to read back per prediction
 * on this project's 2-core machine, and 20 KB of garbage each way. The length tells a torn frame (the process died
 * writing it) from a whole one; the checksum a damaged one.
 *
 * <p>{@code JournalRecord.encode(prediction, buffer); ... LoggedPrediction p = JournalRecord.decode(payload);}
 */
final class JournalRecord {

    /** Length and checksum. */
    static final int HEADER_BYTES = 8;
    private static final byte FORMAT_VERSION = 1;

    private static final byte NULL = 0;
    private static final byte OBJECT = 1;
    private static final byte ARRAY = 2;
    private static final byte STRING = 3;
    private static final byte DOUBLE = 4;
    private static final byte LONG = 5;
    private static final byte INT = 6;
    private static final byte TRUE = 7;
    private static final byte FALSE = 8;
    /** Any other value a JSON document may hold (a decimal, an instant, bytes), as its JSON text. */
    private static final byte JSON_TEXT = 9;

    private JournalRecord() {
    }

    /** Appends the prediction's frame to {@code out} (which it grows as needed) and returns it, flipped for writing. */
    static ByteBuffer encode(LoggedPrediction prediction, ByteBuffer out) {
        Output output = new Output(out);
        output.clear();
        output.putInt(0);
        output.putInt(0);
        output.put(FORMAT_VERSION);
        output.putString(prediction.predictionId());
        output.putString(prediction.entityType());
        output.putString(prediction.entityId());
        output.putString(prediction.predictionType());
        output.putString(prediction.modelName());
        output.putInt(prediction.modelVersion());
        output.putValue(prediction.request());
        output.putValue(prediction.featuresUsed());
        output.putValue(prediction.predictedValue());
        output.putString(prediction.predictedClass());
        output.putValue(prediction.confidence());
        output.putValue(prediction.shapValues());
        output.putDouble(prediction.latencyMs());
        output.putLong(prediction.createdAt().getEpochSecond());
        output.putInt(prediction.createdAt().getNano());
        output.putString(prediction.tenantId());
        ByteBuffer frame = output.buffer;
        int payloadLength = frame.position() - HEADER_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), frame.arrayOffset() + HEADER_BYTES, payloadLength);
        frame.putInt(0, payloadLength);
        frame.putInt(4, (int) crc.getValue());
        return frame.flip();
    }

    /** The payload length a frame header at {@code offset} announces. */
    static int payloadLength(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes, offset, 4).getInt();
    }

    /** Whether the payload at {@code offset} matches the checksum its header carries. */
    static boolean intact(byte[] bytes, int frameOffset, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, frameOffset + HEADER_BYTES, payloadLength);
        return (int) crc.getValue() == ByteBuffer.wrap(bytes, frameOffset + 4, 4).getInt();
    }

    /** Decodes the payload of an intact frame; an {@link IllegalArgumentException} when it is not a record. */
    static LoggedPrediction decode(byte[] bytes, int payloadOffset, int payloadLength) {
        ByteBuffer in = ByteBuffer.wrap(bytes, payloadOffset, payloadLength);
        try {
            byte version = in.get();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("record format " + version + " is not " + FORMAT_VERSION);
            }
            String predictionId = string(in);
            String entityType = string(in);
            String entityId = string(in);
            String predictionType = string(in);
            String modelName = string(in);
            int modelVersion = in.getInt();
            JsonObject request = (JsonObject) value(in);
            JsonObject featuresUsed = (JsonObject) value(in);
            Double predictedValue = (Double) value(in);
            String predictedClass = string(in);
            Double confidence = (Double) value(in);
            JsonObject shapValues = (JsonObject) value(in);
            double latencyMs = in.getDouble();
            Instant createdAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
            String tenantId = string(in);
            return new LoggedPrediction(predictionId, entityType, entityId, predictionType, modelName, modelVersion,
                    request == null ? new JsonObject() : request, featuresUsed == null ? new JsonObject() : featuresUsed,
                    predictedValue, predictedClass, confidence, shapValues, latencyMs, createdAt, tenantId);
        } catch (BufferUnderflowException | ClassCastException e) {
            throw new IllegalArgumentException("not a prediction record: " + e, e);
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static Object value(ByteBuffer in) {
        byte tag = in.get();
        switch (tag) {
            case NULL:
                return null;
            case OBJECT: {
                int size = in.getInt();
                JsonObject object = new JsonObject(new LinkedHashMap<>(Math.max(16, size * 4 / 3 + 1)));
                for (int i = 0; i < size; i++) {
                    String key = string(in);
                    object.put(key, value(in));
                }
                return object;
            }
            case ARRAY: {
                int size = in.getInt();
                JsonArray array = new JsonArray(new ArrayList<>(size));
                for (int i = 0; i < size; i++) {
                    array.add(value(in));
                }
                return array;
            }
            case STRING:
                return string(in);
            case DOUBLE:
                return in.getDouble();
            case LONG:
                return in.getLong();
            case INT:
                return in.getInt();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case JSON_TEXT:
                return Json.decodeValue(string(in));
            default:
                throw new IllegalArgumentException("unknown value tag " + tag);
        }
    }

    /** A growable write buffer: the scorer's writer reuses one, so encoding makes no garbage but the frame's bytes. */
    private static final class Output {
        ByteBuffer buffer;

        Output(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        void clear() {
            buffer.clear();
        }

        private void ensure(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        void put(byte value) {
            ensure(1);
            buffer.put(value);
        }

        void putInt(int value) {
            ensure(4);
            buffer.putInt(value);
        }

        void putLong(long value) {
            ensure(8);
            buffer.putLong(value);
        }

        void putDouble(double value) {
            ensure(8);
            buffer.putDouble(value);
        }

        void putString(String value) {
            if (value == null) {
                putInt(-1);
                return;
            }
            int length = value.length();
            ensure(4 + length);
            int start = buffer.position();
            buffer.putInt(length);
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= 0x80) {
                    // Not ASCII: the general encoder, and the length it really takes.
                    buffer.position(start);
                    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                    ensure(4 + utf8.length);
                    buffer.putInt(utf8.length);
                    buffer.put(utf8);
                    return;
                }
                buffer.put((byte) c);
            }
        }

        void putValue(Object value) {
            if (value == null) {
                put(NULL);
            } else if (value instanceof Double number) {
                put(DOUBLE);
                putDouble(number);
            } else if (value instanceof String text) {
                put(STRING);
                putString(text);
            } else if (value instanceof JsonObject object) {
                putObject(object.getMap());
            } else if (value instanceof Map<?, ?> map) {
                putObject(map);
            } else if (value instanceof JsonArray array) {
                putArray(array.getList());
            } else if (value instanceof List<?> list) {
                putArray(list);
            } else if (value instanceof Integer number) {
                put(INT);
                putInt(number);
            } else if (value instanceof Long number) {
                put(LONG);
                putLong(number);
            } else if (value instanceof Boolean flag) {
                put(flag ? TRUE : FALSE);
            } else {
                put(JSON_TEXT);
                putString(Json.encode(value));
            }
        }

        private void putObject(Map<?, ?> map) {
            put(OBJECT);
            putInt(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                putString(String.valueOf(entry.getKey()));
                putValue(entry.getValue());
            }
        }

        private void putArray(List<?> list) {
            put(ARRAY);
            putInt(list.size());
            for (Object element : list) {
                putValue(element);
            }
        }
    }
}
