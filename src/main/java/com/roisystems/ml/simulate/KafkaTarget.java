package com.roisystems.ml.simulate;

/**
 * Where and how fast a simulation publishes: the brokers, the activity topic (created with
 * {@code partitions} partitions when missing), at most {@code rate} events per second (≤ 0: unpaced) and
 * at most {@code maxEvents} events (≤ 0: the whole run).
 *
 * <p>{@code new KafkaTarget("127.0.0.1:9092", "roi.activity", 4, 5_000, 0)}
 */
public record KafkaTarget(String bootstrapServers, String topic, int partitions, double rate, long maxEvents) {

    public KafkaTarget {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("the activity topic is required");
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, got " + partitions);
        }
    }
}
