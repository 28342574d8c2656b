package com.roisystems.ml.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import smile.data.type.StructType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A trained model as stored in the registry. Bytes: magic {@code ROIM}, {@link #FORMAT_VERSION} (int),
 * metadata length (int), the metadata JSON (prediction type, feature names, class labels, calibration,
 * thresholds, horizon and trend, interval quantiles, hyper-parameters, missing-value constant), then the
 * Java-serialized Smile {@code GradientTreeBoost}. Reading refuses a bad magic or an unknown version,
 * naming which, and deserialises only the classes a {@code GradientTreeBoost} is made of (see
 * {@link ModelStreamFilter}).
 *
 * <p>{@code ModelArtifact a = ModelArtifact.read(loaded.artifact()); double p = a.probability(features);}
 */
public record ModelArtifact(JsonObject metadata, Object model) {

    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "ROIM".getBytes(StandardCharsets.US_ASCII);

    public ModelArtifact {
        if (!(model instanceof smile.classification.GradientTreeBoost) && !(model instanceof smile.regression.GradientTreeBoost)) {
            throw new IllegalArgumentException("model must be a Smile GradientTreeBoost, got " + model.getClass().getName());
        }
    }

    /**
     * The artifact's bytes. Refuses a model whose object stream is larger than {@link #read} accepts,
     * so that training fails with a clear message instead of registering a model that cannot be served.
     */
    public byte[] write() {
        try {
            ByteArrayOutputStream objectBytes = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new ObjectOutputStream(objectBytes)) {
                objects.writeObject(model);
            }
            if (objectBytes.size() > ModelStreamFilter.MAX_STREAM_BYTES) {
                throw new IllegalArgumentException(String.format("model too large to store: its object stream is %,d bytes, "
                        + "over the %,d a model artifact may have (train fewer or smaller trees)", objectBytes.size(), ModelStreamFilter.MAX_STREAM_BYTES));
            }
            byte[] json = metadata.encode().getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(json.length);
            out.write(json);
            objectBytes.writeTo(out);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the model", e);
        }
    }

    /**
     * Reads an artifact written by {@link #write}. The model is deserialised through an allow-list of the
     * classes a Smile {@code GradientTreeBoost} is made of, with limits on size and nesting: any other class
     * is refused before it is instantiated, so a planted artifact cannot run code here.
     *
     * @throws IllegalArgumentException for a bad magic, an unknown format version, corrupt bytes, or a refused
     *         object stream ({@code "model artifact refused: class com.evil.Gadget is not allowed in a model (allowed: ...)"})
     */
    public static ModelArtifact read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = new byte[MAGIC.length];
            if (bytes.length < 12 || in.read(magic) != MAGIC.length || !Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a model artifact: bad magic (expected 'ROIM' in the first 4 bytes)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported model artifact format version " + version
                        + " (this engine reads version " + FORMAT_VERSION + ")");
            }
            int length = in.readInt();
            if (length <= 0 || length > bytes.length - 12) {
                throw new IllegalArgumentException("corrupt model artifact: metadata length " + length + " of " + bytes.length + " bytes");
            }
            JsonObject metadata = new JsonObject(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            return new ModelArtifact(metadata, readModel(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt model artifact: " + e.getMessage(), e);
        }
    }

    private static Object readModel(DataInputStream in) throws IOException {
        ModelStreamFilter filter = new ModelStreamFilter();
        try (ObjectInputStream objects = new ObjectInputStream(in)) {
            objects.setObjectInputFilter(filter);
            return objects.readObject();
        } catch (IOException | ClassNotFoundException e) {
            // The stream reports any refusal as "filter status: REJECTED"; the filter knows which class or limit.
            String refusal = filter.refusal().map(reason -> "model artifact refused: " + reason).orElse(null);
            throw new IllegalArgumentException(refusal != null ? refusal : "corrupt model artifact: " + e.getMessage(), e);
        }
    }

    public PredictionType predictionType() {
        return PredictionType.valueOf(metadata.getString("prediction_type"));
    }

    public List<String> featureNames() {
        return metadata.getJsonArray("feature_names").stream().map(Object::toString).toList();
    }

    /** Class probabilities (uncalibrated) for a classifier. */
    public double[] posteriors(double[] features) {
        JsonArray labels = metadata.getJsonArray("class_labels");
        return SmileModels.posteriors((smile.classification.GradientTreeBoost) model, schema(), features, labels.size());
    }

    /** P(class 1), calibrated when the artifact carries a calibration (MOVE_PROBABILITY). */
    public double probability(double[] features) {
        double raw = posteriors(features)[1];
        JsonObject calibration = metadata.getJsonObject("calibration");
        return calibration == null ? raw : IsotonicCalibration.fromJson(calibration).apply(raw);
    }

    /** A regressor's prediction (for PROPERTY_VALUE: the log value). */
    public double predict(double[] features) {
        return SmileModels.regress((smile.regression.GradientTreeBoost) model, schema(), features);
    }

    private StructType schema() {
        return SmileModels.schema(featureNames());
    }
}
