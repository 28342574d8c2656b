package com.roisystems.ml.pipeline;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The pipeline schedule")
class PipelineScheduleTest {

    private static final ZonedDateTime NOW = ZonedDateTime.of(2025, 6, 10, 9, 30, 0, 0, ZoneOffset.UTC);

    @Test
    @DisplayName("fires daily at 02:00 UTC by default")
    void nextRun() {
        PipelineSchedule schedule = PipelineSchedule.parse(PipelineOptions.defaults().schedule());
        assertThat(schedule.next(NOW)).contains(ZonedDateTime.of(2025, 6, 11, 2, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    @DisplayName("lists missed dates after the last success, oldest first, bounded to the newest ones")
    void missedRuns() {
        PipelineSchedule schedule = PipelineSchedule.parse("0 2 * * *");
        assertThat(schedule.missed(LocalDate.of(2025, 6, 7), NOW, 10))
                .containsExactly(LocalDate.of(2025, 6, 8), LocalDate.of(2025, 6, 9), LocalDate.of(2025, 6, 10));
        assertThat(schedule.missed(LocalDate.of(2025, 5, 1), NOW, 2))
                .containsExactly(LocalDate.of(2025, 6, 9), LocalDate.of(2025, 6, 10));
        assertThat(schedule.missed(LocalDate.of(2025, 6, 10), NOW, 10)).isEmpty();
        assertThat(schedule.missed(null, NOW, 10)).containsExactly(LocalDate.of(2025, 6, 10));
    }

    @Test
    @DisplayName("refuses an invalid cron expression, naming it")
    void invalid() {
        assertThatThrownBy(() -> PipelineSchedule.parse("0 25 * *")).hasMessageContaining("pipeline.schedule").hasMessageContaining("0 25 * *");
    }
}
