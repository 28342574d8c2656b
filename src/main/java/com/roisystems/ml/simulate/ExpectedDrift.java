package com.roisystems.ml.simulate;

import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureDefinition;
import com.roisystems.ml.features.SourceField;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The features a shift should drift, derived from the catalog rather than listed by hand: every feature whose definition
 * reads a field the scenario moves ({@link FeatureDefinition#sources()}, as {@code docs/events.md} is generated), less
 * those the scenario says it cannot move. Beside them, the features whose expression measures the as-of instant itself
 * (the calendar: hour, weekday, month; and time elapsed: days since the last open, tenure, the market figures' age): a
 * shift makes the platform refresh its users' online vectors, restamped with the refresh time, so these may drift as a
 * side effect (the market figures' age, the same for every user of a region, is a near point mass that minutes move);
 * a comparison allows them, and says so.
 *
 * <p>{@code ExpectedDrift expected = ExpectedDrift.of(ShiftScenario.named("young-cohort"), FeatureCatalog.standard());}
 *
 * @param features    expected to drift, in catalog order
 * @param asOfTime    may drift as a side effect of refreshed vectors (their expression measures the as-of instant)
 * @param sideEffects may drift as a side effect the scenario declares ({@link ShiftScenario#sideEffects()}), expected or not
 * @param unmovable   read a moved field but cannot move, with why
 */
public record ExpectedDrift(String scenario, List<String> features, List<String> asOfTime, List<String> sideEffects,
                            Map<String, String> unmovable) {

    /** The SQL of an expression that measures the as-of instant: {@code SqlFragments.daysSince} and {@code AS_OF_UTC}. */
    private static final Pattern MEASURES_AS_OF = Pattern.compile("extract\\(epoch FROM \\(:as_of|\\(:as_of AT TIME ZONE");

    public ExpectedDrift {
        features = List.copyOf(features);
        asOfTime = List.copyOf(asOfTime);
        sideEffects = List.copyOf(sideEffects);
        unmovable = Map.copyOf(unmovable);
    }

    /** Fails when the scenario declares a field no feature reads or calls unmovable a feature that reads no moved field. */
    public static ExpectedDrift of(ShiftScenario scenario, FeatureCatalog catalog) {
        Set<String> moved = Set.copyOf(scenario.movedFields());
        Set<String> incidental = scenario.sideEffects().keySet();
        List<String> reading = new ArrayList<>();
        List<String> readingIncidental = new ArrayList<>();
        List<String> asOf = new ArrayList<>();
        Set<String> fieldsRead = new java.util.HashSet<>();
        for (FeatureDefinition definition : catalog.all()) {
            List<String> sources = definition.sources().stream().map(SourceField::name).toList();
            fieldsRead.addAll(sources);
            if (MEASURES_AS_OF.matcher(definition.expression()).find()) {
                asOf.add(definition.name());
            }
            if (sources.stream().anyMatch(moved::contains)) {
                reading.add(definition.name());
            } else if (sources.stream().anyMatch(incidental::contains)) {
                readingIncidental.add(definition.name());
            }
        }
        for (String field : scenario.movedFields()) {
            if (!fieldsRead.contains(field)) {
                throw new IllegalStateException(scenario.name() + " declares it moves " + field + ", which no feature reads");
            }
        }
        for (String field : incidental) {
            if (!fieldsRead.contains(field)) {
                throw new IllegalStateException(scenario.name() + " declares a side effect on " + field + ", which no feature reads");
            }
        }
        for (String feature : scenario.unmovable().keySet()) {
            if (!reading.contains(feature)) {
                throw new IllegalStateException(scenario.name() + " calls " + feature + " unmovable, but it reads no field the scenario moves");
            }
        }
        List<String> expected = reading.stream().filter(name -> !scenario.unmovable().containsKey(name)).toList();
        return new ExpectedDrift(scenario.name(), expected, asOf, readingIncidental, new LinkedHashMap<>(scenario.unmovable()));
    }

    /** The same expectation restricted to the features a model uses (a model is monitored on its own inputs only). */
    public ExpectedDrift within(Collection<String> modelFeatures) {
        Set<String> used = Set.copyOf(modelFeatures);
        return new ExpectedDrift(scenario, features.stream().filter(used::contains).toList(), asOfTime.stream().filter(used::contains).toList(),
                sideEffects.stream().filter(used::contains).toList(), unmovable);
    }

    /** Whether {@code feature} drifting is explained: expected, a feature of the as-of instant, or a declared side effect. */
    public boolean allows(String feature) {
        return features.contains(feature) || asOfTime.contains(feature) || sideEffects.contains(feature);
    }
}
