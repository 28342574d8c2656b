package com.roisystems.ml.model;

import com.roisystems.ml.bench.SyntheticData;
import com.roisystems.ml.training.Boosting;
import com.roisystems.ml.training.HyperParameters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.management.BadAttributeValueExpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A model artifact reads back only what a Smile GradientTreeBoost is made of")
class ModelArtifactTest {

    private static final int FEATURES = 12;
    private static final List<String> NAMES = List.of(SyntheticData.names(FEATURES));
    private static final HyperParameters SMALL = HyperParameters.defaults().withTrees(20);

    /** Rows with missing values (the trainers' MISSING constant), so splits on them are exercised too. */
    private double[][] rows;
    private ModelArtifact binary;
    private ModelArtifact multiclass;
    private ModelArtifact regressor;

    @BeforeAll
    void train() {
        rows = SyntheticData.withMissing(SyntheticData.features(1_500, FEATURES, 1), 0.1, 2);
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Double.isNaN(row[j]) ? -1.0e6 : row[j];
            }
        }
        binary = new ModelArtifact(metadata(PredictionType.MOVE_PROBABILITY, List.of("NO_MOVE", "MOVE")),
                Boosting.classifier(NAMES, rows, SyntheticData.binaryLabels(rows, 3, 0), SMALL));
        multiclass = new ModelArtifact(metadata(PredictionType.TRANSACTION_TYPE, List.of("BUY", "SELL", "REFINANCE", "INVESTMENT")),
                Boosting.classifier(NAMES, rows, SyntheticData.classLabels(rows, 4, 4), SMALL));
        regressor = new ModelArtifact(metadata(PredictionType.PROPERTY_VALUE, null),
                Boosting.regressor(NAMES, rows, SyntheticData.regressionTarget(rows, 5), SMALL));
    }

    private static JsonObject metadata(PredictionType type, List<String> classLabels) {
        JsonObject metadata = new JsonObject().put("prediction_type", type.name()).put("feature_names", new JsonArray(NAMES));
        return classLabels == null ? metadata : metadata.put("class_labels", new JsonArray(classLabels));
    }

    @Test
    @DisplayName("binary and 4-class classifiers and a regressor read back and predict exactly the same")
    void roundTrip() {
        ModelArtifact binaryRead = ModelArtifact.read(binary.write());
        ModelArtifact multiclassRead = ModelArtifact.read(multiclass.write());
        ModelArtifact regressorRead = ModelArtifact.read(regressor.write());

        assertThat(binaryRead.metadata()).isEqualTo(binary.metadata());
        for (double[] row : Arrays.copyOf(rows, 300)) {
            assertThat(binaryRead.posteriors(row)).containsExactly(binary.posteriors(row));
            assertThat(multiclassRead.posteriors(row)).containsExactly(multiclass.posteriors(row));
            assertThat(regressorRead.predict(row)).isEqualTo(regressor.predict(row));
        }
    }

    /** A serialisable class whose {@code readObject} would be attacker code: it must never run. */
    static final class Gadget implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static volatile boolean ran;

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            ran = true;
        }
    }

    @Test
    @DisplayName("a foreign class inside an allowed map is refused, naming it, before its readObject runs")
    void foreignClassRefused() {
        Map<String, Object> payload = new HashMap<>(Map.of("trees", new Gadget()));

        assertThatThrownBy(() -> ModelArtifact.read(withObjectStream(binary, payload)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model artifact refused: class com.roisystems.ml.model.ModelArtifactTest$Gadget "
                        + "is not allowed in a model (allowed: smile.base.cart.{CART, InternalNode, LeafNode, OrdinalNode, RegressionNode}, ")
                .hasMessageEndingWith("java.util.{HashMap, Map$Entry[]}, double[], int[])");
        assertThat(Gadget.ran).isFalse();
    }

    @Test
    @DisplayName("a JDK gadget-chain entry class as the top object is refused, naming it")
    void jdkGadgetRefused() {
        Map<String, Object> payload = new HashMap<>(Map.of("model", new BadAttributeValueExpException("x")));

        assertThatThrownBy(() -> ModelArtifact.read(withObjectStream(regressor, payload)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model artifact refused: class javax.management.BadAttributeValueExpException is not allowed in a model");
    }

    @Test
    @DisplayName("objects nested deeper than any model are refused, naming the limit")
    void tooDeepRefused() {
        Map<String, Object> nested = new HashMap<>();
        for (int level = 0; level < ModelStreamFilter.MAX_DEPTH + 10; level++) {
            nested = new HashMap<>(Map.of("inner", nested));
        }
        Map<String, Object> payload = nested;

        assertThatThrownBy(() -> ModelArtifact.read(withObjectStream(binary, payload)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model artifact refused: objects nested more than 100 deep, deeper than any model");
    }

    @Test
    @DisplayName("an array longer than any model's is refused, naming its length and type")
    void tooLongArrayRefused() {
        double[] payload = new double[(int) ModelStreamFilter.MAX_ARRAY_LENGTH + 1];

        assertThatThrownBy(() -> ModelArtifact.read(withObjectStream(binary, payload)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model artifact refused: an array of 100,001 elements (double[]) is longer than the 100,000 a model may have");
    }

    @Test
    @DisplayName("an object stream larger than any model is refused, naming the limit")
    void tooLargeRefused() {
        // Allowed classes only, in arrays of allowed length: the size limit alone refuses it. The stream checks
        // the limit as each object starts, so the stream has passed it before its last array.
        double[] column = new double[(int) ModelStreamFilter.MAX_ARRAY_LENGTH];
        long columns = ModelStreamFilter.MAX_STREAM_BYTES / ((long) column.length * Double.BYTES) + 2;
        Map<Integer, double[]> payload = new HashMap<>();
        for (int i = 0; i < columns; i++) {
            payload.put(i, column.clone());
        }

        assertThatThrownBy(() -> ModelArtifact.read(withObjectStream(regressor, payload)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model artifact refused: the object stream is longer than 67,108,864 bytes, the most a model may have");
    }

    @Test
    @DisplayName("allowed classes that are not a GradientTreeBoost are still refused by the artifact")
    void wrongModelTypeRefused() {
        assertThatThrownBy(() -> ModelArtifact.read(withObjectStream(binary, new HashMap<>(Map.of("model", 1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model must be a Smile GradientTreeBoost, got java.util.HashMap");
    }

    /** {@code artifact}'s real header and metadata, followed by an object stream holding {@code payload}. */
    private static byte[] withObjectStream(ModelArtifact artifact, Object payload) throws IOException {
        byte[] real = artifact.write();
        int headerAndMetadata = 12 + ByteBuffer.wrap(real).getInt(8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(real, 0, headerAndMetadata);
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(payload);
        }
        return bytes.toByteArray();
    }
}
