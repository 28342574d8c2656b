package com.roisystems.ml.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * How long a dead node's Kafka partitions go unconsumed, read from the group coordinator itself (Kafka's record of the
 * group and of its committed offsets), not from the engine's word: before the kill, which member holds which partition;
 * after it, when the group is stable again without the dead member ({@code reassigned}), and when every partition it
 * held has an offset committed beyond the one it last committed — the survivors' first commit ({@code firstCommit}).
 * Polled every 50 ms, so both times are good to about that.
 *
 * <p>{@code try (PartitionFailover failover = PartitionFailover.watch(bootstrap, topic, group)) { failover.awaitStable(3, timeout);
 * node.kill(); Result r = failover.afterKill(System.nanoTime(), Duration.ofMinutes(2)); }}
 */
final class PartitionFailover implements AutoCloseable {

    /** Seconds from the kill; {@code moved} = partitions the dead member held. */
    record Result(Set<TopicPartition> moved, double reassignedSeconds, double firstCommitSeconds) {
        double reassignmentToCommitSeconds() {
            return firstCommitSeconds - reassignedSeconds;
        }
    }

    private static final Duration POLL = Duration.ofMillis(50);
    private static final long CALL_TIMEOUT_S = 10;

    private final Admin admin;
    private final String topic;
    private final String group;
    private Map<String, Set<TopicPartition>> before = Map.of();

    private PartitionFailover(Admin admin, String topic, String group) {
        this.admin = admin;
        this.topic = topic;
        this.group = group;
    }

    static PartitionFailover watch(String bootstrap, String topic, String group) {
        return new PartitionFailover(Admin.create(Map.of("bootstrap.servers", bootstrap)), topic, group);
    }

    /**
     * Waits until the group is stable with at least {@code members} members, every one holding a partition of the
     * topic, and remembers who holds what; returns that assignment (member id → partitions).
     */
    Map<String, Set<TopicPartition>> awaitStable(int members, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConsumerGroupDescription group = describe();
            Map<String, Set<TopicPartition>> assignment = assignment(group);
            if (group.groupState() == GroupState.STABLE && assignment.size() >= members
                    && assignment.values().stream().noneMatch(Set::isEmpty)) {
                before = assignment;
                return assignment;
            }
            requireBefore(deadline, "the group " + this.group + " did not settle with " + members + " members holding partitions; last seen "
                    + group.groupState() + " with " + assignment);
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Call right after the kill ({@code killedAt} from {@link System#nanoTime()}): notes the offsets committed so far (the
     * dead member commits no more), waits for the group to settle without it, then for a commit beyond those offsets
     * on every partition it held that has received records since.
     */
    Result afterKill(long killedAt, Duration timeout) throws Exception {
        if (before.isEmpty()) {
            throw new IllegalStateException("awaitStable first: the assignment before the kill is not known");
        }
        Map<TopicPartition, Long> atKill = committed();
        long deadline = killedAt + timeout.toNanos();
        Set<TopicPartition> moved;
        while (true) {
            ConsumerGroupDescription group = describe();
            Map<String, Set<TopicPartition>> now = assignment(group);
            Set<String> gone = new HashSet<>(before.keySet());
            gone.removeAll(now.keySet());
            if (group.groupState() == GroupState.STABLE && !gone.isEmpty() && !now.isEmpty()) {
                moved = gone.stream().flatMap(member -> before.get(member).stream()).collect(Collectors.toSet());
                break;
            }
            requireBefore(deadline, "the group " + this.group + " did not rebalance without the killed member within " + timeout);
            LockSupport.parkNanos(POLL.toNanos());
        }
        double reassigned = (System.nanoTime() - killedAt) / 1e9;
        while (true) {
            Map<TopicPartition, Long> committed = committed();
            Map<TopicPartition, Long> ends = ends(moved);
            boolean allCommitted = moved.stream().allMatch(partition -> {
                long last = atKill.getOrDefault(partition, 0L);
                // A partition that got nothing since the kill has nothing to commit: not waited for.
                return ends.get(partition) <= last || committed.getOrDefault(partition, 0L) > last;
            });
            if (allCommitted) {
                return new Result(moved, reassigned, (System.nanoTime() - killedAt) / 1e9);
            }
            requireBefore(deadline, "partitions " + moved + " had no commit beyond " + atKill + " within " + timeout);
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private ConsumerGroupDescription describe() throws Exception {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
    }

    private Map<String, Set<TopicPartition>> assignment(ConsumerGroupDescription group) {
        Map<String, Set<TopicPartition>> assignment = new HashMap<>();
        for (MemberDescription member : group.members()) {
            assignment.put(member.consumerId(), member.assignment().topicPartitions().stream()
                    .filter(partition -> partition.topic().equals(topic)).collect(Collectors.toSet()));
        }
        return assignment;
    }

    private Map<TopicPartition, Long> committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null && partition.topic().equals(topic)) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    private Map<TopicPartition, Long> ends(Set<TopicPartition> partitions) throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                .all().get(CALL_TIMEOUT_S, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static void requireBefore(long deadline, String message) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(message);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
