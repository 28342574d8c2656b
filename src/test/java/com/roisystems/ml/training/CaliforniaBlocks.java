package com.roisystems.ml.training;

import com.roisystems.ml.model.SmileModels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A customer's export of the census file ({@link CaliforniaHousing#RESOURCE}): one record per block group, treated as
 * one property with one valuation. Only what the census measured is exported: the houses' median age (as a year
 * built, 1990 minus it), rooms per household, the centroid's coordinates, the ocean-proximity class as the region,
 * and the median value. Population, households and income have no field in the contract and are not exported; the
 * bedroom ratio (about one per household everywhere) has no integer meaning and is left out rather than rounded.
 *
 * <p>{@code CaliforniaBlocks.load().subList(0, 100); CaliforniaBlocks.writeCsv(blocks, file);}
 */
final class CaliforniaBlocks {

    /** The census counted on 1 April 1990: the valuations' date. */
    static final String CENSUS_DAY = "1990-04-01T00:00:00Z";
    static final int CENSUS_YEAR = 1990;
    /** The export's columns, in the order {@link Block#features()} gives them. */
    static final List<String> COLUMNS = List.of("year_built", "rooms", "latitude", "longitude");
    static final Map<String, String> REGIONS = Map.of(
            "<1H OCEAN", "ca-within-1h-of-ocean", "INLAND", "ca-inland", "NEAR OCEAN", "ca-near-ocean",
            "NEAR BAY", "ca-near-bay", "ISLAND", "ca-island");

    private CaliforniaBlocks() {
    }

    /** One block group as the customer exports it; {@code row} is its 1-based row in the census file. */
    record Block(int row, String region, int yearBuilt, double rooms, double latitude, double longitude, double value) {

        String propertyId() {
            return "cal-block-" + row;
        }

        String ownerId() {
            return "cal-owner-" + row;
        }

        double[] features() {
            return new double[]{yearBuilt, rooms, latitude, longitude};
        }
    }

    static List<Block> load() throws IOException {
        try (InputStream in = CaliforniaBlocks.class.getResourceAsStream(CaliforniaHousing.RESOURCE)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            List<Block> blocks = new ArrayList<>();
            int row = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split(",");
                row++;
                double rooms = Double.parseDouble(f[3]) / Double.parseDouble(f[6]);
                blocks.add(new Block(row, REGIONS.get(f[9]), CENSUS_YEAR - (int) Double.parseDouble(f[2]),
                        Math.round(rooms * 10) / 10.0, Double.parseDouble(f[1]), Double.parseDouble(f[0]), Double.parseDouble(f[8])));
            }
            return blocks;
        }
    }

    /**
     * RMSE of log value when Smile is trained directly on the export's columns ({@link #COLUMNS}) of {@code train} and
     * scored on {@code test}: the yardstick for what the platform's pipeline makes of the same records.
     */
    static double directRmse(List<Block> train, List<Block> test, HyperParameters hp) {
        var model = Boosting.regressor(COLUMNS, train.stream().map(Block::features).toArray(double[][]::new),
                train.stream().mapToDouble(b -> Math.log(b.value())).toArray(), hp);
        var schema = SmileModels.schema(COLUMNS);
        double[] truth = test.stream().mapToDouble(b -> Math.log(b.value())).toArray();
        double[] predicted = test.stream().mapToDouble(b -> SmileModels.regress(model, schema, b.features())).toArray();
        return Metrics.regression(truth, predicted).getDouble("rmse");
    }

    /** The export as the customer's CSV: header {@code block,region,year_built,rooms,latitude,longitude,median_house_value}. */
    static void writeCsv(List<Block> blocks, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("block,region,year_built,rooms,latitude,longitude,median_house_value\n");
            for (Block b : blocks) {
                out.write(String.format(Locale.ROOT, "%d,%s,%d,%.1f,%s,%s,%s%n", b.row(), b.region(), b.yearBuilt(), b.rooms(),
                        b.latitude(), b.longitude(), b.value()));
            }
        }
    }
}
