package com.roisystems.ml.training;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.model.PredictionType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("Monthly cut-offs drawn from the data present")
class MonthlyCutoffsTest {

    /** The simulated platform's span: 36 months of activity and market data from January 2023. */
    private static final MonthlyCutoffs.Span SIMULATED = new MonthlyCutoffs.Span(Instant.parse("2023-01-01T00:00:00Z"),
            Instant.parse("2025-12-31T23:59:59Z"), Instant.parse("2023-01-03T10:00:00Z"), Instant.parse("2025-12-30T10:00:00Z"));
    /** A customer's history: properties known from January 2024, every valuation on one day in June, nothing else. */
    private static final MonthlyCutoffs.Span ONE_DAY = new MonthlyCutoffs.Span(Instant.parse("2024-01-10T00:00:00Z"),
            Instant.parse("2024-06-15T00:00:00Z"), Instant.parse("2024-06-15T00:00:00Z"), Instant.parse("2024-06-15T00:00:00Z"));

    private static List<Instant> months(String... firsts) {
        return java.util.Arrays.stream(firsts).map(month -> Instant.parse(month + "-01T00:00:00Z")).toList();
    }

    @Test
    @DisplayName("labels that can be 'nothing happened' need their whole window before the data's end; the first cut-off waits for the minimum history")
    void absenceLabelsNeedWholeWindows() {
        List<Instant> all = MonthlyCutoffs.choose(PredictionType.MOVE_PROBABILITY, SIMULATED, 1_000, false, MonthlyCutoffs.MinHistory.configured(12));
        assertThat(all).hasSize(22).startsWith(months("2024-01").get(0)).endsWith(months("2025-10").get(0));
        List<Instant> shorter = MonthlyCutoffs.choose(PredictionType.MOVE_PROBABILITY, SIMULATED, 1_000, false, MonthlyCutoffs.MinHistory.configured(0));
        assertThat(shorter).hasSize(34).startsWith(months("2023-01").get(0)).endsWith(months("2025-10").get(0));
    }

    @Test
    @DisplayName("the default minimum history leaves the latest cut-offs the demo, the benchmark and the defaults take as they were with 12 months")
    void defaultMinimumHistoryKeepsTheChosenCutoffs() {
        for (PredictionType type : PredictionType.values()) {
            for (int count : List.of(ModelTrainer.defaultCutoffs(type), 4, 8, 12, 16)) {
                assertThat(MonthlyCutoffs.choose(type, SIMULATED, count, false, MonthlyCutoffs.MinHistory.configured(ModelTrainer.DEFAULT_MIN_HISTORY_MONTHS)))
                        .as("%s, %d cut-offs", type, count)
                        .isEqualTo(MonthlyCutoffs.choose(type, SIMULATED, count, false, MonthlyCutoffs.MinHistory.configured(12)));
            }
        }
    }

    @Test
    @DisplayName("valuations that all carry one date label every cut-off whose window holds that date, once the minimum history allows")
    void oneDayOfValuations() {
        assertThat(MonthlyCutoffs.choose(PredictionType.PROPERTY_VALUE, ONE_DAY, 6, false, MonthlyCutoffs.MinHistory.requested(0)))
                .isEqualTo(months("2024-03", "2024-04", "2024-05", "2024-06"));

        ServiceFailure configured = catchThrowableOfType(ServiceFailure.class,
                () -> MonthlyCutoffs.choose(PredictionType.PROPERTY_VALUE, ONE_DAY, 6, false, MonthlyCutoffs.MinHistory.configured(6)));
        assertThat(configured.code()).isEqualTo(FailureCode.CONFLICT);
        assertThat(configured.field()).as("the request sent no field").isNull();
        assertThat(configured.getMessage()).contains("allows 0 monthly cut-offs").contains("6 months (training.minHistoryMonths)")
                .contains("2024-01-10").contains("2024-06-15").doesNotContain("min_history_months");

        ServiceFailure requested = catchThrowableOfType(ServiceFailure.class,
                () -> MonthlyCutoffs.choose(PredictionType.PROPERTY_VALUE, ONE_DAY, 6, false, MonthlyCutoffs.MinHistory.requested(6)));
        assertThat(requested.field()).isNull();
        assertThat(requested.getMessage()).contains("6 months (min_history_months)");
    }

    @Test
    @DisplayName("asking for more cut-offs than exist is a 400 naming cutoffs with how many exist; not asking takes all there are")
    void askedForMoreThanExist() {
        ServiceFailure asked = catchThrowableOfType(ServiceFailure.class,
                () -> MonthlyCutoffs.choose(PredictionType.PROPERTY_VALUE, ONE_DAY, 5, true, MonthlyCutoffs.MinHistory.requested(0)));
        assertThat(asked.code()).isEqualTo(FailureCode.INVALID_REQUEST);
        assertThat(asked.field()).isEqualTo("cutoffs");
        assertThat(asked.getMessage()).startsWith("cutoffs: asked for 5 monthly cut-offs; the data allows 4 (");
        assertThat(MonthlyCutoffs.choose(PredictionType.PROPERTY_VALUE, ONE_DAY, 5, false, MonthlyCutoffs.MinHistory.requested(0))).hasSize(4);
        assertThat(MonthlyCutoffs.choose(PredictionType.PROPERTY_VALUE, ONE_DAY, 2, true, MonthlyCutoffs.MinHistory.requested(0)))
                .as("the latest two").isEqualTo(months("2024-05", "2024-06"));
    }

    @Test
    @DisplayName("no label events at all is a 409 saying which events are missing")
    void noLabelEvents() {
        MonthlyCutoffs.Span none = new MonthlyCutoffs.Span(Instant.parse("2024-01-10T00:00:00Z"), Instant.parse("2024-06-15T00:00:00Z"), null, null);
        ServiceFailure failure = catchThrowableOfType(ServiceFailure.class,
                () -> MonthlyCutoffs.choose(PredictionType.TRANSACTION_TYPE, none, 6, false, MonthlyCutoffs.MinHistory.configured(0)));
        assertThat(failure.code()).isEqualTo(FailureCode.CONFLICT);
        assertThat(failure.getMessage()).contains("no transactions to take labels from");
    }
}
