package com.roisystems.ml.model;

import java.util.Arrays;
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
import java.util.List;

/**
 * A trained model as stored in the registry. Bytes: magic {@code ROIM}, {@link #FORMAT_VERSION} (int),
 * metadata length (int), the metadata JSON (prediction type, feature names, class labels, calibration,
 * thresholds, horizon and trend, interval quantiles, hyper-parameters, missing-value constant), then the
 * Java-serialized Smile {@code GradientTreeBoost}. Reading refuses a bad magic or an unknown version,
 * naming which.
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

    public byte[] write() {
        try {
            byte[] json = metadata.encode().getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(json.length);
            out.write(json);
            ObjectOutputStream objects = new ObjectOutputStream(out);
            objects.writeObject(model);
            objects.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the model", e);
        }
    }

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
            try (ObjectInputStream objects = new ObjectInputStream(in)) {
                return new ModelArtifact(metadata, objects.readObject());
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("corrupt model artifact: " + e.getMessage(), e);
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
