package com.roisystems.ml.monitoring.drift;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How drift is decided: the false-alarm rate {@code alpha} each window's decision is held to, the correction for
 * testing many features at once, the share of drifted features that makes the model drift, PSI's bin count, the
 * fewest rows a window (and each side of a feature) needs to be tested, and which metrics run. From the
 * {@code monitoring} section of the configuration ({@link #of(Map)}); unknown or out-of-range values are refused.
 *
 * <p>{@code DriftSettings.of(config.getJsonObject("monitoring").getMap())}
 */
public record DriftSettings(double alpha, Correction correction, double driftShare, int bins, int minRows, Set<Metric> metrics) {

    /** Across a window's features. */
    public enum Correction {
        /** Holds the chance of any false alarm in a window at alpha; conservative when many features move at once. */
        BONFERRONI,
        /**
         * Holds the expected share of false discoveries at alpha; under no change at all (every feature unchanged) that is
         * the chance of any false alarm, as Bonferroni, yet it finds more when several features move together.
         */
        BENJAMINI_HOCHBERG
    }

    /** The metrics; PSI, KS and chi-squared are tests, Wasserstein and Jensen–Shannon are effect sizes shown beside them. */
    public enum Metric {
        PSI("psi"), KS("ks"), WASSERSTEIN("wasserstein"), JENSEN_SHANNON("jensenShannon"), CHI_SQUARED("chiSquared");

        public final String configName;

        Metric(String configName) {
            this.configName = configName;
        }
    }

    public static final DriftSettings DEFAULTS = new DriftSettings(0.01, Correction.BENJAMINI_HOCHBERG, 0.05, 10, 30,
            EnumSet.allOf(Metric.class));

    public DriftSettings {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("monitoring.alpha must be in (0, 0.5), got " + alpha);
        }
        if (!(driftShare > 0 && driftShare <= 1)) {
            throw new IllegalArgumentException("monitoring.driftShare must be in (0, 1], got " + driftShare);
        }
        if (bins < 2 || bins > 100) {
            throw new IllegalArgumentException("monitoring.bins must be 2..100, got " + bins);
        }
        if (minRows < 2) {
            throw new IllegalArgumentException("monitoring.minRows must be at least 2, got " + minRows);
        }
        metrics = Set.copyOf(metrics);
    }

    /** Reads {@code alpha}, {@code correction} ("bonferroni" or "benjamini-hochberg"), {@code driftShare}, {@code bins}, {@code minRows}, {@code metrics.{name}}. */
    public static DriftSettings of(Map<String, ?> section) {
        if (section == null) {
            return DEFAULTS;
        }
        Object configured = section.get("correction");
        String correction = (configured == null ? "benjamini-hochberg" : configured.toString()).toLowerCase(Locale.ROOT);
        Correction parsed = switch (correction) {
            case "bonferroni" -> Correction.BONFERRONI;
            case "benjamini-hochberg", "bh" -> Correction.BENJAMINI_HOCHBERG;
            default -> throw new IllegalArgumentException("monitoring.correction must be bonferroni or benjamini-hochberg, got " + correction);
        };
        EnumSet<Metric> metrics = EnumSet.allOf(Metric.class);
        if (section.get("metrics") instanceof Map<?, ?> switches) {
            for (Metric metric : Metric.values()) {
                if (Boolean.FALSE.equals(switches.get(metric.configName))) {
                    metrics.remove(metric);
                }
            }
        }
        return new DriftSettings(number(section, "alpha", DEFAULTS.alpha), parsed, number(section, "driftShare", DEFAULTS.driftShare),
                (int) number(section, "bins", DEFAULTS.bins), (int) number(section, "minRows", DEFAULTS.minRows), metrics);
    }

    public boolean enabled(Metric metric) {
        return metrics.contains(metric);
    }

    private static double number(Map<String, ?> section, String key, double fallback) {
        Object value = section.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("monitoring." + key + " must be a number, got " + value);
        }
        return number.doubleValue();
    }
}
