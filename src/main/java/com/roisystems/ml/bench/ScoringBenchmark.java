package com.roisystems.ml.bench;

import java.lang.management.ManagementFactory;
import smile.feature.importance.SHAP;
import com.roisystems.ml.scoring.compiled.ShapPlan;
import com.roisystems.ml.scoring.compiled.ShapEngine;
import com.roisystems.ml.scoring.compiled.CompiledEnsemble;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.training.Boosting;
import com.roisystems.ml.training.HyperParameters;
import com.roisystems.ml.training.ModelTrainer;

import smile.data.DataFrame;
import smile.data.Tuple;

/**
 * Per-row latency of {@link CompiledEnsemble} against Smile 3.1.1 for the four production model
 * types, on synthetic data with 60 features, in two tree shapes: the stress shape of issue 7
 * (200 trees of 32 leaves per output, depth bounded only by the leaf count, which reaches 17-19)
 * and the shape the product's trainers build by default ({@code ModelTrainer.defaultParameters}).
 * The report goes to standard output (it is this command's output) and ends with one
 * {@code BENCH {...}} JSON line.
 *
 * <p>Method: each model is trained once; the same evaluation rows (10% NaN) are scored by every
 * implementation, each row timed on its own with {@link System#nanoTime()}; warm-up passes
 * precede several measured passes, and the median and p99 over all per-row samples are
 * reported. SHAP is timed with the SIMD evaluator (when the JVM has the Vector API module), the
 * scalar one, and Smile's; Smile's is slow enough that it gets fewer rows and passes.
 *
 * <p>{@code int rc = ScoringBenchmark.run(new String[] {"--rows", "20000", "--trees", "100"});}
 */
public final class ScoringBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ScoringBenchmark.class);
    private static final int FEATURES = 60;

    private ScoringBenchmark() {
    }

    /** A model type in one tree shape. */
    private record Spec(String type, String task, String shape, HyperParameters hp) {
    }

    private record Stats(double median, double p99) {
    }

    private record Result(Spec spec, int trees, int maxDepth, Stats predictCompiled, Stats predictSmile,
                          Stats shapVector, Stats shapScalar, Stats shapSmile, long mismatches) {
    }

    /**
     * Runs the benchmark. Options: {@code --rows N} training rows (default 6000; production
     * models see 50000, which only makes training slower), {@code --trees N} trees per output in
     * the stress shape (default 200, 100 for the engagement model), {@code --shapes
     * stress|trainer|all} (default all), {@code --eval N} evaluation rows (default 500),
     * {@code --shap-rows N} rows for Smile's SHAP (default 150), {@code --runs N} measured passes
     * (default 5).
     *
     * <p>{@code System.exit(ScoringBenchmark.run(args));}
     *
     * @return 0 on success, 1 if the compiled predictions differ from Smile's, 2 on bad arguments
     */
    public static int run(String[] args) {
        // Training, not scoring, dominates the run time (about 270 s for the four models at 20,000
        // rows on 2 busy cores), so the default trains on fewer rows than production's 50,000;
        // tree shapes are set by maxNodes and are the same. --rows 50000 gives the full size.
        int rows = 6_000;
        int trees = -1;
        int eval = 500;
        int shapRows = 150;
        int runs = 5;
        String shapes = "all";
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rows" -> rows = Integer.parseInt(args[++i]);
                    case "--trees" -> trees = Integer.parseInt(args[++i]);
                    case "--eval" -> eval = Integer.parseInt(args[++i]);
                    case "--shap-rows" -> shapRows = Integer.parseInt(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--shapes" -> shapes = args[++i];
                    case "scoring" -> { }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!List.of("stress", "trainer", "all").contains(shapes)) {
                throw new IllegalArgumentException("--shapes must be stress, trainer or all, got " + shapes);
            }
            if (rows < 100 || eval < 10 || shapRows < 10 || runs < 1 || (trees != -1 && trees < 1)) {
                throw new IllegalArgumentException("option out of range");
            }
        } catch (RuntimeException e) {
            log.error("bad arguments: {} (usage: bench scoring [--rows N] [--trees N] [--eval N] "
                    + "[--shap-rows N] [--runs N] [--shapes stress|trainer|all])", e.getMessage());
            return 2;
        }
        shapRows = Math.min(shapRows, eval);

        List<Spec> specs = new ArrayList<>();
        if (!shapes.equals("trainer")) {
            specs.add(stress("MOVE_PROBABILITY", "binary", trees > 0 ? trees : 200, 32, 0.05));
            specs.add(stress("TRANSACTION_TYPE", "multiclass4", trees > 0 ? trees : 200, 32, 0.05));
            specs.add(stress("CONTACT_TIMING", "binary-engagement", trees > 0 ? trees : 100, 16, 0.1));
            specs.add(stress("PROPERTY_VALUE", "regression", trees > 0 ? trees : 200, 32, 0.05));
        }
        if (!shapes.equals("stress")) {
            specs.add(trainer(PredictionType.MOVE_PROBABILITY, "binary"));
            specs.add(trainer(PredictionType.TRANSACTION_TYPE, "multiclass4"));
            specs.add(trainer(PredictionType.CONTACT_TIMING, "binary-engagement"));
            specs.add(trainer(PredictionType.PROPERTY_VALUE, "regression"));
        }

        String[] names = SyntheticData.names(FEATURES);
        long t0 = System.nanoTime();
        double[][] x = SyntheticData.features(rows, FEATURES, 42);
        double[][] evalRows = SyntheticData.withMissing(SyntheticData.features(eval, FEATURES, 4242), 0.10, 7);
        PrintOut out = new PrintOut();
        out.line("Scoring benchmark: compiled tree ensembles vs Smile 3.1.1");
        out.line(String.format(Locale.ROOT, "cores=%d  jvm=%s %s  max-heap=%dMB",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() >> 20));
        out.line(String.format(Locale.ROOT,
                "training rows=%d features=%d  eval rows=%d (10%% NaN)  smile-shap rows=%d  measured passes=%d",
                rows, FEATURES, eval, shapRows, runs));
        if (rows < 50_000) {
            out.line("note: trained on " + rows + " rows instead of 50000 to keep the run short (--rows 50000 for "
                    + "full size); tree shape is set by max nodes and depth, so scoring cost is comparable");
        }
        out.line("TreeSHAP evaluator in use: " + ShapEngine.describe(ShapEngine.VECTOR)
                + (ShapEngine.VECTOR ? "" : " (start the JVM with --add-modules jdk.incubator.vector for SIMD)"));
        out.line("timings: wall-clock per row, median and p99; load average at start: " + loadAverage());
        out.line("");

        List<Result> results = new ArrayList<>();
        for (Spec spec : specs) {
            long ts = System.nanoTime();
            Object model = train(spec, x, names);
            double trainSec = (System.nanoTime() - ts) / 1e9;
            CompiledEnsemble compiled = CompiledEnsemble.from(model, names);
            boolean classifier = compiled.isClassifier();
            DataFrame evalFrame = classifier
                    ? SyntheticData.frame(evalRows, names, "y", new int[eval])
                    : SyntheticData.frame(evalRows, names, "y", new double[eval]);
            Tuple[] tuples = new Tuple[eval];
            for (int i = 0; i < eval; i++) {
                tuples[i] = evalFrame.get(i);
            }
            long mismatches = verify(model, compiled, evalRows, tuples);
            out.line(String.format(Locale.ROOT, "%s (%s, %s shape): %d trees, %d nodes, max depth %d, trained in %.1f s",
                    spec.type(), spec.task(), spec.shape(), compiled.numTrees(), compiled.numNodes(), compiled.maxDepth(),
                    trainSec));

            Result r = measure(spec, model, compiled, evalRows, tuples, shapRows, runs, mismatches);
            results.add(r);
            out.line(String.format(Locale.ROOT,
                    "  predict  compiled median %8.2f us  p99 %8.2f us | smile median %8.2f us  p99 %8.2f us | x%.1f",
                    r.predictCompiled().median(), r.predictCompiled().p99(), r.predictSmile().median(),
                    r.predictSmile().p99(), r.predictSmile().median() / r.predictCompiled().median()));
            if (r.shapVector() != null) {
                out.line(String.format(Locale.ROOT,
                        "  shap     simd     median %8.2f us  p99 %8.2f us | smile median %8.2f us  p99 %8.2f us | x%.1f",
                        r.shapVector().median(), r.shapVector().p99(), r.shapSmile().median(), r.shapSmile().p99(),
                        r.shapSmile().median() / r.shapVector().median()));
            }
            out.line(String.format(Locale.ROOT,
                    "  shap     scalar   median %8.2f us  p99 %8.2f us | smile median %8.2f us  p99 %8.2f us | x%.1f",
                    r.shapScalar().median(), r.shapScalar().p99(), r.shapSmile().median(), r.shapSmile().p99(),
                    r.shapSmile().median() / r.shapScalar().median()));
            out.line("  predictions differing from Smile: " + mismatches);
        }
        out.line("");
        out.line(String.format(Locale.ROOT, "total time %.1f s, load average at end: %s",
                (System.nanoTime() - t0) / 1e9, loadAverage()));

        StringBuilder json = new StringBuilder("BENCH {\"bench\": \"scoring\", \"cores\": ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(", \"shap_engine\": \"").append(ShapEngine.VECTOR ? "simd" : "scalar")
                .append("\", \"training_rows\": ").append(rows).append(", \"models\": [");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            if (i > 0) {
                json.append(", ");
            }
            Stats used = r.shapVector() != null ? r.shapVector() : r.shapScalar();
            json.append(String.format(Locale.ROOT,
                    "{\"type\": \"%s\", \"shape\": \"%s\", \"trees\": %d, \"max_depth\": %d, "
                            + "\"predict_us_compiled\": %.3f, \"predict_us_smile\": %.3f, \"shap_us_compiled\": %.3f, "
                            + "\"shap_us_scalar\": %.3f, \"shap_us_smile\": %.3f, \"shap_speedup\": %.1f}",
                    r.spec().type(), r.spec().shape(), r.trees(), r.maxDepth(), r.predictCompiled().median(),
                    r.predictSmile().median(), used.median(), r.shapScalar().median(), r.shapSmile().median(),
                    r.shapSmile().median() / used.median()));
        }
        json.append("]}");
        out.line(json.toString());
        return results.stream().anyMatch(r -> r.mismatches() > 0) ? 1 : 0;
    }

    private static Spec stress(String type, String task, int trees, int maxNodes, double shrinkage) {
        return new Spec(type, task, "stress", new HyperParameters(trees, 20, maxNodes, 5, shrinkage, 0.7, 2024L, 1_000_000));
    }

    private static Spec trainer(PredictionType type, String task) {
        return new Spec(type.name(), task, "trainer", ModelTrainer.defaultParameters(type));
    }

    private static Object train(Spec spec, double[][] x, String[] names) {
        List<String> columns = List.of(names);
        HyperParameters hp = spec.hp();
        return switch (spec.task()) {
            case "binary" -> Boosting.classifier(columns, x, SyntheticData.binaryLabels(x, 1, 0), hp);
            case "binary-engagement" -> Boosting.classifier(columns, x, SyntheticData.binaryLabels(x, 2, 9), hp);
            case "multiclass4" -> Boosting.classifier(columns, x, SyntheticData.classLabels(x, 4, 3), hp);
            case "regression" -> Boosting.regressor(columns, x, SyntheticData.regressionTarget(x, 4), hp);
            default -> throw new IllegalStateException(spec.task());
        };
    }

    /** Counts rows whose compiled prediction is not bit-identical to Smile's. */
    private static long verify(Object model, CompiledEnsemble compiled, double[][] rows, Tuple[] tuples) {
        long bad = 0;
        for (int i = 0; i < rows.length; i++) {
            if (model instanceof smile.classification.GradientTreeBoost gbt) {
                double[] a = new double[gbt.numClasses()];
                gbt.predict(tuples[i], a);
                if (!Arrays.equals(a, compiled.predictProba(rows[i]))) {
                    bad++;
                }
            } else if (((smile.regression.GradientTreeBoost) model).predict(tuples[i])
                    != compiled.predictValue(rows[i])) {
                bad++;
            }
        }
        return bad;
    }

    private static Result measure(Spec spec, Object model, CompiledEnsemble compiled, double[][] rows,
                                  Tuple[] tuples, int shapRows, int runs, long mismatches) {
        int n = rows.length;
        double[] buf = new double[Math.max(2, compiled.numClasses())];
        RowTask compiledPredict;
        RowTask smilePredict;
        if (model instanceof smile.classification.GradientTreeBoost gbt) {
            double[] sbuf = new double[gbt.numClasses()];
            compiledPredict = i -> compiled.predictProba(rows[i], buf) + buf[0];
            smilePredict = i -> gbt.predict(tuples[i], sbuf) + sbuf[0];
        } else {
            smile.regression.GradientTreeBoost gbt = (smile.regression.GradientTreeBoost) model;
            compiledPredict = i -> compiled.predictValue(rows[i]);
            smilePredict = i -> gbt.predict(tuples[i]);
        }
        @SuppressWarnings("unchecked")
        SHAP<Tuple> smileShap = (SHAP<Tuple>) model;
        ShapPlan scalarPlan = compiled.buildShapPlan(false);
        RowTask compiledShap = i -> compiled.shap(rows[i]).contribution(0, 0);
        RowTask scalarShap = i -> compiled.shapWith(scalarPlan, false, rows[i]).contribution(0, 0);
        RowTask smileShapTask = i -> smileShap.shap(tuples[i])[0];

        Stats pc = time(compiledPredict, n, 3, runs);
        Stats ps = time(smilePredict, n, 3, runs);
        Stats sv = compiled.usesVectorShap() ? time(compiledShap, n, 2, runs) : null;
        Stats sc = time(scalarShap, n, 2, runs);
        Stats ss = time(smileShapTask, shapRows, 1, Math.max(1, Math.min(runs, 2)));
        return new Result(spec, compiled.numTrees(), compiled.maxDepth(), pc, ps, sv, sc, ss, mismatches);
    }

    @FunctionalInterface
    private interface RowTask {
        double apply(int row);
    }

    /** Per-row wall time in microseconds over {@code runs} measured passes after warm-up passes. */
    private static Stats time(RowTask task, int rows, int warmups, int runs) {
        double sink = 0;
        for (int w = 0; w < warmups; w++) {
            for (int i = 0; i < rows; i++) {
                sink += task.apply(i);
            }
        }
        long[] samples = new long[rows * runs];
        int s = 0;
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < rows; i++) {
                long t = System.nanoTime();
                sink += task.apply(i);
                samples[s++] = System.nanoTime() - t;
            }
        }
        if (sink == 42.4242) {
            // Keeps the JIT from discarding the scored values.
            log.trace("sink {}", sink);
        }
        Arrays.sort(samples);
        return new Stats(samples[samples.length / 2] / 1e3,
                samples[Math.min(samples.length - 1, (int) Math.ceil(samples.length * 0.99) - 1)] / 1e3);
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
    }

    /** The report is this command's product, so it goes to standard output. */
    private static final class PrintOut {
        void line(String s) {
            System.out.println(s);
            System.out.flush();
        }
    }

    /** {@code java -cp target/roi-ml.jar com.roisystems.ml.bench.ScoringBenchmark --rows 20000} */
    public static void main(String[] args) {
        int rc = run(args);
        if (rc != 0) {
            System.exit(rc);
        }
    }
}
