package com.roisystems.ml.ingest;

/**
 * An event refused by validation, with where it came from: a Kafka position, or an HTTP/WebSocket
 * request (no position). Written in the same transaction as the batch it arrived with, so a committed
 * offset always means both the good and the bad events of the batch are durable.
 *
 * <p>{@code deadLetters.add(DeadLetter.fromKafka(record.topic(), record.partition(), record.offset(), checked));}
 */
public record DeadLetter(String source, String topic, Integer partition, Long offset, CheckedEvent checked) {

    /**
     * The tenant of a letter whose event names none that could be read (malformed bytes, no or a bad tenant_id from
     * Kafka): it belongs to no tenant, so only platform-wide admins list it. Not a valid tenant id, so never a real one.
     */
    public static final String UNATTRIBUTED = "_unattributed";

    /** The tenant the letter is stored under. */
    public String tenant() {
        return checked.tenantId() != null ? checked.tenantId() : UNATTRIBUTED;
    }

    public static final String KAFKA = "KAFKA";
    public static final String HTTP = "HTTP";
    public static final String WEBSOCKET = "WEBSOCKET";
    public static final String REPLAY = "REPLAY";

    public static DeadLetter fromKafka(String topic, int partition, long offset, CheckedEvent checked) {
        return new DeadLetter(KAFKA, topic, partition, offset, checked);
    }

    public static DeadLetter fromRequest(String source, CheckedEvent checked) {
        return new DeadLetter(source, null, null, null, checked);
    }
}
