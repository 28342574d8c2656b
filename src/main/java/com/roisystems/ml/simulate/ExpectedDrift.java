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

/**
 * The features a shift should drift, derived from the catalog rather than listed by hand: every feature whose definition
 * reads a field the scenario moves ({@link FeatureDefinition#sources()}, as {@code docs/events.md} is generated), less
 * those the scenario says it cannot move. Beside them, the features of the as-of instant alone (hour, weekday, month:
 * they read no field): a shift that makes the platform refresh a user's online vector restamps them with the refresh
 * time, so they may drift as a side effect; a comparison allows them, and says so.
 *
 * <p>{@code ExpectedDrift expected = ExpectedDrift.of(ShiftScenario.named("young-cohort"), FeatureCatalog.standard());}
 *
 * @param features  expected to drift, in catalog order
 * @param asOfTime  may drift as a side effect of refreshed vectors (read no field)
 * @param unmovable read a moved field but cannot move, with why
 */
public record ExpectedDrift(String scenario, List<String> features, List<String> asOfTime, Map<String, String> unmovable) {

    public ExpectedDrift {
        features = List.copyOf(features);
        asOfTime = List.copyOf(asOfTime);
        unmovable = Map.copyOf(unmovable);
    }

    /** Fails when the scenario declares a field no feature reads or calls unmovable a feature that reads no moved field. */
    public static ExpectedDrift of(ShiftScenario scenario, FeatureCatalog catalog) {
        Set<String> moved = Set.copyOf(scenario.movedFields());
        List<String> reading = new ArrayList<>();
        List<String> asOf = new ArrayList<>();
        Set<String> fieldsRead = new java.util.HashSet<>();
        for (FeatureDefinition definition : catalog.all()) {
            List<String> sources = definition.sources().stream().map(SourceField::name).toList();
            fieldsRead.addAll(sources);
            if (sources.isEmpty()) {
                asOf.add(definition.name());
            } else if (sources.stream().anyMatch(moved::contains)) {
                reading.add(definition.name());
            }
        }
        for (String field : scenario.movedFields()) {
            if (!fieldsRead.contains(field)) {
                throw new IllegalStateException(scenario.name() + " declares it moves " + field + ", which no feature reads");
            }
        }
        for (String feature : scenario.unmovable().keySet()) {
            if (!reading.contains(feature)) {
                throw new IllegalStateException(scenario.name() + " calls " + feature + " unmovable, but it reads no field the scenario moves");
            }
        }
        List<String> expected = reading.stream().filter(name -> !scenario.unmovable().containsKey(name)).toList();
        return new ExpectedDrift(scenario.name(), expected, asOf, new LinkedHashMap<>(scenario.unmovable()));
    }

    /** The same expectation restricted to the features a model uses (a model is monitored on its own inputs only). */
    public ExpectedDrift within(Collection<String> modelFeatures) {
        Set<String> used = Set.copyOf(modelFeatures);
        return new ExpectedDrift(scenario, features.stream().filter(used::contains).toList(), asOfTime.stream().filter(used::contains).toList(),
                unmovable);
    }

    /** Whether {@code feature} drifting is explained: expected, or a feature of the as-of instant. */
    public boolean allows(String feature) {
        return features.contains(feature) || asOfTime.contains(feature);
    }
}
