package com.roisystems.ml.training;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The train / validation / test split, by label group and label time. Every row carries its label group (the label
 * event: a valuation, a transaction; or, for rows without one, the entity and cut-off) and its label time; a group's
 * time is its latest row's. Groups are ordered by that time and the latest ones, holding 20% of the rows, are TEST,
 * the 20% before them VALIDATION, the rest TRAIN. So one label event never labels rows on two sides, and every test
 * group's label time is at or after every validation group's, which is at or after every train group's.
 *
 * <p>Groups with the same label time are ordered by a stable hash of their id, so a boundary that falls inside one
 * instant divides that instant's groups at random (reproducibly). When most label events share one instant (a
 * customer whose valuations all carry the same date) the split degenerates to a grouped random split: still no
 * group on two sides, but test labels are no longer later than train labels.
 *
 * <p>{@code List<TrainingDataset.Row> rows = GroupedSplit.assign(unsplitRows); JsonObject how = GroupedSplit.describe(rows);}
 */
final class GroupedSplit {

    static final double TEST_SHARE = 0.2;
    static final double VALIDATION_SHARE = 0.2;

    private record Group(String id, Instant labelTime, long hash) {
    }

    private GroupedSplit() {
    }

    /** The rows with their split set; the order of the rows is kept. */
    static List<TrainingDataset.Row> assign(List<TrainingDataset.Row> rows) {
        Map<String, Group> groups = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (TrainingDataset.Row row : rows) {
            groups.merge(row.group(), new Group(row.group(), row.labelTime(), 0),
                    (known, next) -> next.labelTime().isAfter(known.labelTime()) ? next : known);
            sizes.merge(row.group(), 1, Integer::sum);
        }
        List<Group> latestFirst = groups.values().stream().map(g -> new Group(g.id(), g.labelTime(), stableHash(g.id())))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        latestFirst.sort(Comparator.comparing(Group::labelTime).thenComparingLong(Group::hash).thenComparing(Group::id).reversed());
        long testRows = Math.round(rows.size() * TEST_SHARE);
        long validationRows = Math.round(rows.size() * VALIDATION_SHARE);
        Map<String, TrainingDataset.Split> splits = new HashMap<>();
        long assigned = 0;
        for (Group group : latestFirst) {
            TrainingDataset.Split split = assigned < testRows ? TrainingDataset.Split.TEST
                    : assigned < testRows + validationRows ? TrainingDataset.Split.VALIDATION : TrainingDataset.Split.TRAIN;
            splits.put(group.id(), split);
            assigned += sizes.get(group.id());
        }
        return rows.stream().map(row -> row.withSplit(splits.get(row.group()))).toList();
    }

    /** For the dataset's description: the rule, the groups per split and where the label times divide. */
    static JsonObject describe(List<TrainingDataset.Row> rows) {
        JsonObject json = new JsonObject().put("rule", "grouped by label event (rows without one: by entity and cut-off), ordered by"
                        + " the group's latest label time (the event's time; for MOVE_PROBABILITY and CONTACT_TIMING the label window's"
                        + " end): the latest 20% of rows TEST, the 20% before VALIDATION, the rest TRAIN; groups at one instant are"
                        + " ordered by a stable hash of their id (a grouped random split when most labels share one instant)");
        for (TrainingDataset.Split split : TrainingDataset.Split.values()) {
            List<TrainingDataset.Row> part = rows.stream().filter(row -> row.split() == split).toList();
            json.put(split.name().toLowerCase(), new JsonObject().put("rows", part.size())
                    .put("groups", part.stream().map(TrainingDataset.Row::group).distinct().count())
                    .put("entities", part.stream().map(TrainingDataset.Row::entityId).distinct().count())
                    .put("first_label_time", part.stream().map(TrainingDataset.Row::labelTime).min(Comparator.naturalOrder())
                            .map(Instant::toString).orElse(null))
                    .put("last_label_time", part.stream().map(TrainingDataset.Row::labelTime).max(Comparator.naturalOrder())
                            .map(Instant::toString).orElse(null)));
        }
        return json;
    }

    /** FNV-1a over the UTF-8 bytes, then a 64-bit finaliser: the same order on every JVM and run, and well mixed for ids like "p_1", "p_2". */
    static long stableHash(String id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash;
    }
}
