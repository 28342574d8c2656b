package com.roisystems.ml.features;

import com.roisystems.ml.bus.ServiceFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The catalog in code, the single source of truth: {@code ml_features}, the vector layout and
 * {@code FEATURE_CATALOG.md} are all generated from it. Order is stable (category, then declaration),
 * so the full layout only changes when a definition does.
 *
 * <p>{@code List<FeatureDefinition> defs = FeatureCatalog.standard().select(List.of("email_open_rate_30d"), List.of());}
 */
public final class FeatureCatalog {

    private static final FeatureCatalog STANDARD = new FeatureCatalog(concat(
            BehavioralFeatures.all(), PropertyFeatures.all(), TransactionalFeatures.all(),
            MarketFeatures.all(), TemporalFeatures.all()));

    private final List<FeatureDefinition> definitions;
    private final Map<String, FeatureDefinition> byName = new LinkedHashMap<>();

    FeatureCatalog(List<FeatureDefinition> definitions) {
        this.definitions = List.copyOf(definitions);
        Map<String, FeatureGroup> groups = new LinkedHashMap<>();
        for (FeatureDefinition definition : definitions) {
            if (byName.put(definition.name(), definition) != null) {
                throw new IllegalStateException("feature defined twice: " + definition.name());
            }
            FeatureGroup previous = groups.putIfAbsent(definition.group().name(), definition.group());
            if (previous != null && !previous.equals(definition.group())) {
                throw new IllegalStateException("two different groups named " + definition.group().name());
            }
        }
    }

    /** The product's catalog. */
    public static FeatureCatalog standard() {
        return STANDARD;
    }

    public List<FeatureDefinition> all() {
        return definitions;
    }

    public FeatureDefinition get(String name) {
        return byName.get(name);
    }

    public List<FeatureDefinition> inCategory(FeatureCategory category) {
        return definitions.stream().filter(definition -> definition.category() == category).toList();
    }

    /** The groups in first-use order, each computed by one query. */
    public List<FeatureGroup> groups() {
        Set<FeatureGroup> groups = new LinkedHashSet<>();
        definitions.forEach(definition -> groups.add(definition.group()));
        return List.copyOf(groups);
    }

    /**
     * The definitions named, plus every one of the categories named, in catalog order; both empty means
     * all. Unknown names or categories fail with {@code INVALID_REQUEST} naming the field.
     */
    public List<FeatureDefinition> select(Collection<String> names, Collection<String> categories) {
        if ((names == null || names.isEmpty()) && (categories == null || categories.isEmpty())) {
            return definitions;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names == null ? List.<String>of() : names) {
            if (!byName.containsKey(name)) {
                throw ServiceFailure.invalid("names", "unknown feature '" + name + "'");
            }
            wanted.add(name);
        }
        Set<FeatureCategory> wantedCategories = EnumSet.noneOf(FeatureCategory.class);
        for (String category : categories == null ? List.<String>of() : categories) {
            try {
                wantedCategories.add(FeatureCategory.valueOf(category.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ServiceFailure.invalid("categories", "unknown category '" + category + "'");
            }
        }
        return definitions.stream()
                .filter(definition -> wanted.contains(definition.name()) || wantedCategories.contains(definition.category()))
                .toList();
    }

    @SafeVarargs
    private static List<FeatureDefinition> concat(List<FeatureDefinition>... parts) {
        List<FeatureDefinition> all = new ArrayList<>();
        for (List<FeatureDefinition> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
