package com.roisystems.ml.training;

import com.roisystems.ml.model.SmileModels;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The property-value regressor on real data: California Housing (1990 census block groups, Pace &amp; Barry
 * 1997; Géron's {@code housing.csv}, public domain; bundled as {@value #RESOURCE}). Features are
 * scikit-learn's eight (MedInc, HouseAge, AveRooms, AveBedrms, Population, AveOccup, Latitude, Longitude;
 * the 207 blank bedroom counts become {@link TrainingDataset#MISSING}); target in $100k. Split: the rows
 * shuffled by {@code java.util.Random(42)} (Collections.shuffle), first 80% train, last 20% test.
 *
 * <p>{@code JsonObject r = CaliforniaHousing.evaluate(CaliforniaHousing.PARAMETERS); r.getDouble("rmse");}
 */
public final class CaliforniaHousing {

    public static final String RESOURCE = "/datasets/california-housing.csv";
    public static final List<String> FEATURES = List.of("med_inc", "house_age", "ave_rooms", "ave_bedrms", "population",
            "ave_occup", "latitude", "longitude");
    /** Deeper than the platform default: 8 dense features and 16k rows afford it in seconds. */
    public static final HyperParameters PARAMETERS = new HyperParameters(400, 10, 48, 5, 0.1, 0.7, 42L, 1_000_000);
    public static final long SPLIT_SEED = 42L;

    private CaliforniaHousing() {
    }

    /** Feature rows and targets, in file order. */
    public record Data(double[][] x, double[] y) {
    }

    public static Data load() throws IOException {
        try (InputStream in = CaliforniaHousing.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the California Housing data is missing from the classpath: " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            List<double[]> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split(",");
                double rooms = Double.parseDouble(f[3]);
                double households = Double.parseDouble(f[6]);
                double population = Double.parseDouble(f[5]);
                double bedrooms = f[4].isBlank() ? Double.NaN : Double.parseDouble(f[4]);
                x.add(new double[]{Double.parseDouble(f[7]), Double.parseDouble(f[2]), rooms / households,
                        Double.isNaN(bedrooms) ? TrainingDataset.MISSING : bedrooms / households, population, population / households,
                        Double.parseDouble(f[1]), Double.parseDouble(f[0])});
                y.add(Double.parseDouble(f[8]) / 100_000.0);
            }
            return new Data(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** Trains on the fixed 80% and returns test {@code rmse}, {@code r2}, {@code mae}, row counts and seconds. */
    public static JsonObject evaluate(HyperParameters hp) throws IOException {
        Data data = load();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < data.y().length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(SPLIT_SEED));
        int trainRows = (int) Math.round(order.size() * 0.8);
        double[][] trainX = order.subList(0, trainRows).stream().map(i -> data.x()[i]).toArray(double[][]::new);
        double[] trainY = order.subList(0, trainRows).stream().mapToDouble(i -> data.y()[i]).toArray();
        List<Integer> test = order.subList(trainRows, order.size());
        long started = System.nanoTime();
        var model = Boosting.regressor(FEATURES, trainX, trainY, hp);
        double seconds = (System.nanoTime() - started) / 1e9;
        var schema = SmileModels.schema(FEATURES);
        double[] truth = test.stream().mapToDouble(i -> data.y()[i]).toArray();
        double[] predicted = test.stream().mapToDouble(i -> SmileModels.regress(model, schema, data.x()[i])).toArray();
        return Metrics.regression(truth, predicted).put("train_rows", trainRows).put("test_rows", test.size()).put("train_s", seconds);
    }
}
