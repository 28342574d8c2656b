package com.roisystems.ml.training;

import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.monitoring.profile.FeatureSketch;
import com.roisystems.ml.monitoring.profile.Profile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A model version's drift reference from its training rows")
class TrainingReferenceTest {

    private static final Instant CUTOFF = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("profiles the trained rows' store features as served: one row per person, slot encoding left out, MISSING as null")
    void profilesTrainedRowsAsServed() {
        List<String> names = new ArrayList<>(List.of("email_opens_30d", "sessions_30d"));
        names.addAll(ContactSlots.FEATURES);
        List<TrainingDataset.Row> rows = new ArrayList<>();
        for (int person = 0; person < 10; person++) {
            TrainingDataset.Split split = person < 7 ? TrainingDataset.Split.TRAIN : TrainingDataset.Split.TEST;
            for (int slot = 0; slot < ContactSlots.SLOTS; slot++) {
                double[] features = new double[names.size()];
                features[0] = person;
                features[1] = person % 2 == 0 ? TrainingDataset.MISSING : 3.0;
                rows.add(new TrainingDataset.Row("u" + person, CUTOFF, slot, features, 0, Double.NaN, "u" + person, CUTOFF, split));
            }
        }
        Profile profile = TrainingReference.of(new TrainingDataset(PredictionType.CONTACT_TIMING, names, rows, new JsonObject()),
                HyperParameters.defaults(), null);

        JsonObject json = profile.toJson();
        assertThat(profile.rows()).isEqualTo(7);
        assertThat(json.getJsonObject("features").fieldNames()).containsExactlyInAnyOrder("email_opens_30d", "sessions_30d");
        FeatureSketch sessions = FeatureSketch.fromJson(json.getJsonObject("features").getJsonObject("sessions_30d"));
        assertThat(sessions.nulls()).isEqualTo(4);
        assertThat(sessions.present()).isEqualTo(3);
        assertThat(profile.predictionDistribution()).isNull();
    }
}
