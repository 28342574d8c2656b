package com.roisystems.ml.scoring;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Model reloads finishing out of order")
class LatestLoadTest {

    @Test
    @DisplayName("the reload that started last is served, even when an older one finishes after it")
    void latestStartedWins() {
        LatestLoad<String> slot = new LatestLoad<>();
        long older = slot.begin();
        long newer = slot.begin();
        assertThat(slot.complete(newer, "v3")).isNull();
        assertThat(slot.complete(older, "v2")).as("the older reload is not installed").isNull();
        assertThat(slot.current()).isEqualTo("v3");

        long next = slot.begin();
        assertThat(slot.complete(next, "v4")).as("a later reload replaces it").isEqualTo("v3");
        assertThat(slot.current()).isEqualTo("v4");
    }

    @Test
    @DisplayName("clearing the served version does not block a reload that started before the clear")
    void clearKeepsEarlierLoads() {
        LatestLoad<String> slot = new LatestLoad<>();
        slot.complete(slot.begin(), "v1");
        long promotion = slot.begin();
        assertThat(slot.clearIf("v0")).as("only the served value is cleared").isFalse();
        assertThat(slot.clearIf("v1")).isTrue();
        assertThat(slot.current()).isNull();
        slot.complete(promotion, "v2");
        assertThat(slot.current()).isEqualTo("v2");
    }
}
