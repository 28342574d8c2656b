package com.roisystems.ml.training;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The split by label group and label time")
class GroupedSplitTest {

    /** {@code groups} label events, each labelling 1 to 4 rows (cut-offs), at the times {@code time} gives. */
    private static List<TrainingDataset.Row> rows(int groups, java.util.function.IntFunction<Instant> time) {
        Random random = new Random(7);
        List<TrainingDataset.Row> rows = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int cutoffs = 1 + random.nextInt(4);
            for (int c = 0; c < cutoffs; c++) {
                rows.add(new TrainingDataset.Row("p_" + g, Instant.EPOCH.plus(Duration.ofDays(30L * c)), -1, new double[]{g}, g, Double.NaN,
                        "valuation_" + g, time.apply(g), null));
            }
        }
        return rows;
    }

    private static Map<String, TrainingDataset.Split> sides(List<TrainingDataset.Row> rows) {
        Map<String, TrainingDataset.Split> sides = new HashMap<>();
        for (TrainingDataset.Row row : rows) {
            TrainingDataset.Split before = sides.putIfAbsent(row.group(), row.split());
            assertThat(before == null || before == row.split()).as("group %s on %s and %s", row.group(), before, row.split()).isTrue();
        }
        return sides;
    }

    @Test
    @DisplayName("puts the latest label times in TEST, the ones before in VALIDATION, and no label event on two sides")
    void latestLabelsAreTested() {
        List<TrainingDataset.Row> split = GroupedSplit.assign(rows(1_000, g -> Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofHours(g))));
        sides(split);
        Instant lastTrain = split.stream().filter(r -> r.split() == TrainingDataset.Split.TRAIN).map(TrainingDataset.Row::labelTime).max(Instant::compareTo).orElseThrow();
        Instant firstValidation = split.stream().filter(r -> r.split() == TrainingDataset.Split.VALIDATION).map(TrainingDataset.Row::labelTime).min(Instant::compareTo).orElseThrow();
        Instant lastValidation = split.stream().filter(r -> r.split() == TrainingDataset.Split.VALIDATION).map(TrainingDataset.Row::labelTime).max(Instant::compareTo).orElseThrow();
        Instant firstTest = split.stream().filter(r -> r.split() == TrainingDataset.Split.TEST).map(TrainingDataset.Row::labelTime).min(Instant::compareTo).orElseThrow();
        assertThat(lastTrain).isBefore(firstValidation);
        assertThat(lastValidation).isBefore(firstTest);
        long test = split.stream().filter(r -> r.split() == TrainingDataset.Split.TEST).count();
        assertThat(test / (double) split.size()).isBetween(0.19, 0.21);
    }

    @Test
    @DisplayName("spreads label events of one instant by a stable hash: a grouped random split, the same on every run")
    void tiesAreSpreadByAStableHash() {
        Instant oneDay = Instant.parse("1990-04-01T00:00:00Z");
        List<TrainingDataset.Row> split = GroupedSplit.assign(rows(2_000, g -> oneDay));
        Map<String, TrainingDataset.Split> sides = sides(split);
        long testGroups = sides.values().stream().filter(s -> s == TrainingDataset.Split.TEST).count();
        long validationGroups = sides.values().stream().filter(s -> s == TrainingDataset.Split.VALIDATION).count();
        assertThat(testGroups).isBetween(340L, 460L);
        assertThat(validationGroups).isBetween(340L, 460L);
        // Not the ids' order: the groups in TEST are spread over the whole id range.
        assertThat(sides.entrySet().stream().filter(e -> e.getValue() == TrainingDataset.Split.TEST)
                .mapToInt(e -> Integer.parseInt(e.getKey().substring("valuation_".length()))).max().orElseThrow()).isGreaterThan(1_800);
        assertThat(sides.entrySet().stream().filter(e -> e.getValue() == TrainingDataset.Split.TEST)
                .mapToInt(e -> Integer.parseInt(e.getKey().substring("valuation_".length()))).min().orElseThrow()).isLessThan(200);
        assertThat(GroupedSplit.assign(rows(2_000, g -> oneDay))).extracting(TrainingDataset.Row::split)
                .containsExactlyElementsOf(split.stream().map(TrainingDataset.Row::split).toList());
        assertThat(GroupedSplit.stableHash("valuation_1")).isEqualTo(GroupedSplit.stableHash("valuation_1"))
                .isNotEqualTo(GroupedSplit.stableHash("valuation_2"));
    }
}
