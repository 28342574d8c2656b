package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.cli.SimulateCommand;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.cli.UsageException;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RealServers.class)
@DisplayName("The platform simulator")
class SimulationTest {

    private static final Logger log = LoggerFactory.getLogger(SimulationTest.class);
    private static final SimulationParameters STUDY = SimulationParameters.defaults().withUsers(2_500).withSeed(11);
    private static final SimulationParameters SMALL = SimulationParameters.defaults().withUsers(300).withMonths(12).withSeed(7);

    private static DatabaseUrl studyDatabase;
    private static SimulationSummary studySummary;

    @BeforeAll
    static void loadStudy(TestServers servers) throws Exception {
        studyDatabase = servers.database();
        studySummary = Simulation.load(studyDatabase, STUDY, false, Progress.NONE);
        log.info("Study load: {} rows in {} s", studySummary.totalRows(), studySummary.seconds());
    }

    @Test
    @DisplayName("loads every table and reports the rows it loaded")
    void loadsEveryTable() throws Exception {
        for (SimTable table : SimTable.values()) {
            long counted = TestDatabase.of(studyDatabase).count("SELECT count(*) FROM " + table.tableName());
            assertThat(counted).as(table.tableName()).isPositive();
            assertThat(studySummary.rowsPerTable()).containsEntry(table.tableName(), counted);
        }
        double perUserMonth = (studySummary.totalRows() - studySummary.rowsPerTable().get("sim_user_month_truth"))
                / (double) (STUDY.users() * STUDY.months());
        assertThat(perUserMonth).as("rows per user-month").isBetween(4.0, 12.0);
        assertThat(TestDatabase.of(studyDatabase).count("SELECT count(*) FROM users")).isEqualTo(STUDY.users());
    }

    @Test
    @DisplayName("gives identical data for the same seed and different data for another seed")
    void isDeterministic() throws Exception {
        DatabaseUrl first = migratedDatabase("sim_same_a");
        DatabaseUrl second = migratedDatabase("sim_same_b");
        DatabaseUrl other = migratedDatabase("sim_other");
        Simulation.load(first, SMALL, false, Progress.NONE);
        Simulation.load(second, SMALL, false, Progress.NONE);
        Simulation.load(other, SMALL.withSeed(8), false, Progress.NONE);

        Map<String, String> hashes = SimulationMeasures.tableHashes(first);
        assertThat(SimulationMeasures.tableHashes(second)).isEqualTo(hashes);
        Map<String, String> otherHashes = SimulationMeasures.tableHashes(other);
        assertThat(otherHashes.get("users")).isNotEqualTo(hashes.get("users"));
        assertThat(otherHashes.get("email_events")).isNotEqualTo(hashes.get("email_events"));
        assertThat(otherHashes.get("sim_user_month_truth")).isNotEqualTo(hashes.get("sim_user_month_truth"));
    }

    @Test
    @DisplayName("shows markedly more engagement before a transaction than before no transaction")
    void intentShowsInEngagement() throws Exception {
        double[] means = SimulationMeasures.engagementBeforeTransactions(studyDatabase, STUDY);
        double transacting = means[0];
        double quiet = means[1];
        log.info("Engagement in the 60 days before: {} for users transacting within 90 days, {} for the rest", transacting, quiet);
        assertThat(quiet).isPositive();
        assertThat(transacting / quiet).as("engagement ratio, transacting / not").isGreaterThanOrEqualTo(1.5);
    }

    @Test
    @DisplayName("records an oracle that predicts transactions well but not perfectly")
    void oracleHasRoom() throws Exception {
        List<double[]> scored = SimulationMeasures.oracleScores(studyDatabase, STUDY);
        double auc = auc(scored);
        double positives = scored.stream().filter(s -> s[1] > 0).count();
        double meanP = scored.stream().mapToDouble(s -> s[0]).average().orElseThrow();
        log.info("Oracle AUC {} over {} user-months; {} positives; mean p {} vs rate {}", auc, scored.size(), positives,
                meanP, positives / scored.size());
        assertThat(positives).isGreaterThan(200);
        assertThat(auc).isBetween(0.6, 0.95);
        assertThat(meanP / (positives / scored.size())).as("calibration in the large").isBetween(0.6, 1.6);
    }

    @Test
    @DisplayName("refuses a second load without replace, and replaces with identical data when asked")
    void refusesToLoadTwice() throws Exception {
        DatabaseUrl database = migratedDatabase("sim_twice");
        SimulationParameters tiny = SMALL.withUsers(50).withMonths(6);
        Simulation.load(database, tiny, false, Progress.NONE);
        Map<String, String> before = SimulationMeasures.tableHashes(database);

        assertThatThrownBy(() -> Simulation.load(database, tiny, false, Progress.NONE))
                .isInstanceOfSatisfying(ServiceFailure.class, refused -> assertThat(refused.code()).isEqualTo(FailureCode.CONFLICT))
                .hasMessageContaining("already holds platform data")
                .hasMessageContaining("--replace");
        assertThat(Simulation.seedIfEmpty(database, tiny).isEmpty()).isTrue();

        Simulation.load(database, tiny, true, Progress.NONE);
        assertThat(SimulationMeasures.tableHashes(database)).isEqualTo(before);
        assertThat(TestDatabase.of(database).count("SELECT count(*) FROM sim_runs")).isEqualTo(1);
    }

    @Test
    @DisplayName("rejects invalid parameters with a message naming the parameter")
    void rejectsInvalidParameters() {
        SimulationParameters base = SimulationParameters.defaults();
        assertThatThrownBy(() -> base.withUsers(0)).hasMessageContaining("users must be between 1");
        assertThatThrownBy(() -> base.withUsers(-5)).hasMessageContaining("users");
        assertThatThrownBy(() -> base.withMonths(0)).hasMessageContaining("months must be between 1");
        assertThatThrownBy(() -> base.withStartMonth(LocalDate.of(2023, 1, 15))).hasMessageContaining("first day of a month");
        assertThatThrownBy(() -> SimulationParameters.parseMonth("2023-13")).hasMessageContaining("2023-13");
        assertThatThrownBy(() -> SimulationParameters.parseMonth("soon")).hasMessageContaining("must look like 2023-01");

        AppConfig config = AppConfig.of(new JsonObject());
        assertThatThrownBy(() -> SimulateCommand.parameters(parse("--users", "0"), config))
                .isInstanceOf(UsageException.class).hasMessageContaining("users");
        assertThatThrownBy(() -> SimulateCommand.parameters(parse("--months", "-1"), config))
                .isInstanceOf(UsageException.class).hasMessageContaining("months");
        assertThatThrownBy(() -> SimulateCommand.parameters(parse("--start-month", "January"), config))
                .isInstanceOf(UsageException.class).hasMessageContaining("January");
        assertThatThrownBy(() -> SimulateCommand.parameters(parse("--users", "many"), config))
                .isInstanceOf(UsageException.class).hasMessageContaining("whole number");
        assertThat(SimulateCommand.parameters(parse("--users", "1_000", "--start-month", "2024-03"), config))
                .isEqualTo(base.withUsers(1_000).withStartMonth(LocalDate.of(2024, 3, 1)));
    }

    private static CommandLine parse(String... args) {
        return CommandLine.parse(List.of(args), SimulateCommand.VALUE_OPTIONS, SimulateCommand.FLAG_OPTIONS);
    }

    private static DatabaseUrl migratedDatabase(String name) throws Exception {
        DatabaseUrl url = RealServers.emptyDatabase(name);
        Migrations.apply(url);
        return url;
    }

    /** Mann–Whitney AUC with ties counted half: the chance a random positive outranks a random negative. */
    static double auc(List<double[]> scored) {
        List<double[]> sorted = new ArrayList<>(scored);
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        double rankSumPositives = 0;
        long positives = 0;
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j < sorted.size() && sorted.get(j)[0] == sorted.get(i)[0]) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (sorted.get(k)[1] > 0) {
                    rankSumPositives += averageRank;
                    positives++;
                }
            }
            i = j;
        }
        long negatives = sorted.size() - positives;
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
