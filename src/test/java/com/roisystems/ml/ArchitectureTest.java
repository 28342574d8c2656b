package com.roisystems.ml;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure of {@code src/main} (README, "Architecture"): packages by capability in four layers,
 * arrows pointing down, no package cycle, one failure type. Test classes are not imported.
 *
 * <pre>
 * Edge          com.roisystems.ml (Main, Commands), cli, bench, api
 * Capabilities  ingest, features, pipeline, training, registry, scoring (+ scoring.compiled),
 *               predictionlog, monitoring, simulate, importer
 * Model         model
 * Bottom        bus, config, db, infra
 * </pre>
 *
 * A new package fails {@link #layers} until it is given a layer in {@link Layer}.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ROOT = "com.roisystems.ml";
    private static final String BUS = ROOT + ".bus..";

    /** The layers, top to bottom; a layer may use the layers after it, and itself. */
    enum Layer {
        EDGE("Edge", ROOT, ROOT + ".cli..", ROOT + ".bench..", ROOT + ".api..", ROOT + ".bridge.."),
        CAPABILITIES("Capabilities", ROOT + ".ingest..", ROOT + ".features..", ROOT + ".pipeline..",
                ROOT + ".training..", ROOT + ".registry..", ROOT + ".scoring..", ROOT + ".predictionlog..",
                ROOT + ".monitoring..", ROOT + ".simulate..", ROOT + ".auth..", ROOT + ".audit..",
                ROOT + ".privacy..", ROOT + ".ratelimit..", ROOT + ".importer.."),
        MODEL("Model", ROOT + ".model.."),
        BOTTOM("Bottom", ROOT + ".bus..", ROOT + ".config..", ROOT + ".db..", ROOT + ".infra..",
                ROOT + ".cluster..");

        final String title;
        final String[] packages;

        Layer(String title, String... packages) {
            this.title = title;
            this.packages = packages;
        }

        /** {@code ROOT} alone is the root package only; {@code ROOT.cli..} is cli and its sub-packages. */
        static Optional<Layer> of(String packageName) {
            return Arrays.stream(values())
                    .filter(layer -> Arrays.stream(layer.packages).anyMatch(p -> PackageMatcher.of(p).matches(packageName)))
                    .findFirst();
        }

        String[] below() {
            return Arrays.stream(values()).filter(layer -> layer.ordinal() > ordinal()).map(layer -> layer.title)
                    .toArray(String[]::new);
        }
    }

    /**
     * One slice per package. The pattern starts one level above the root so that the root package
     * ({@code Main}, {@code Commands}) is a slice too, named {@code ml}: {@code com.roisystems.ml.(**)} would leave it
     * out. {@code (**)} captures the whole package name, so {@code ml.scoring.compiled} is a slice of its own:
     * {@code scoring -> scoring.compiled} is one arrow, an arrow back would be a cycle.
     */
    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("com.roisystems.(**)").namingSlices("$1")
            .as("packages of " + ROOT + " (the root package is the slice 'ml')")
            .should().beFreeOfCycles()
            .because("a cycle ties its packages into one knot that can only be understood, tested and changed "
                    + "as a whole; an arrow between capabilities goes one way, or through the event bus");

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer(Layer.EDGE.title).definedBy(Layer.EDGE.packages)
            .layer(Layer.CAPABILITIES.title).definedBy(Layer.CAPABILITIES.packages)
            .layer(Layer.MODEL.title).definedBy(Layer.MODEL.packages)
            .layer(Layer.BOTTOM.title).definedBy(Layer.BOTTOM.packages)
            .whereLayer(Layer.CAPABILITIES.title).mayOnlyAccessLayers(Layer.CAPABILITIES.below())
            .whereLayer(Layer.MODEL.title).mayOnlyAccessLayers(Layer.MODEL.below())
            .whereLayer(Layer.BOTTOM.title).mayNotAccessAnyLayer()
            .because("arrows point down: the edge (commands, benchmarks, HTTP) wires the capabilities together, "
                    + "a capability knows the shared model and the bottom but never the edge that exposes it, "
                    + "and the bottom (bus contracts, config, database, embedded servers) knows no one above it; "
                    + "every package sits in one layer so that a new one is placed on purpose");

    /**
     * javac copies a compile-time constant ({@code static final} primitive or String: an event-bus address, a failure
     * code) into the class that reads it, so ArchUnit sees no dependency on the constant's class and {@link #layers}
     * misses that arrow. javac still names the class in the reader's constant pool, where jdeps (and
     * {@code package-cycles}) see it; this rule reads it there.
     */
    @ArchTest
    static final ArchRule constants_point_down_too = classes()
            .should(useNoCompileTimeConstantOfAHigherLayer())
            .because("an address or failure code read from a higher layer is an arrow pointing up like any other; "
                    + "a contract's constants live with the capability that serves it, or in bus");

    @ArchTest
    static final ArchRule bus_depends_on_no_project_package = noClasses().that().resideInAPackage(BUS)
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(BUS)))
                    .as("reside in another package of " + ROOT))
            .because("bus is the service-contract core (ServiceFailure, FailureCode, Endpoint, Topic, Bus, "
                    + "WireFormat) that every package may use, so it may use none of them");

    @ArchTest
    static final ArchRule one_failure_type = classes().that().haveSimpleNameEndingWith("Exception")
            .should().resideInAnyPackage(ROOT + ".bus..", ROOT + ".config..", ROOT + ".cli..", ROOT + ".db..")
            .because("a service fails with the one failure type bus.ServiceFailure (code, field, message), "
                    + "mapped to HTTP in one place; an *Exception class is only for a command-line problem "
                    + "(config.ConfigException, cli.UsageException, db.Migrations.MigrationException)");

    private static ArchCondition<JavaClass> useNoCompileTimeConstantOfAHigherLayer() {
        return new ArchCondition<>("use no compile-time constant of a higher layer") {
            @Override
            public void check(JavaClass reader, ConditionEvents events) {
                Optional<Layer> readerLayer = Layer.of(reader.getPackageName());
                if (readerLayer.isEmpty()) {
                    return;
                }
                Set<String> seen = reader.getDirectDependenciesFromSelf().stream()
                        .map(Dependency::getTargetClass).map(JavaClass::getName).collect(Collectors.toSet());
                for (String named : classesNamedInConstantPool(reader)) {
                    String packageName = named.contains(".") ? named.substring(0, named.lastIndexOf('.')) : "";
                    Optional<Layer> namedLayer = Layer.of(packageName);
                    boolean onlyAsConstant = !seen.contains(named)
                            && seen.stream().noneMatch(target -> target.startsWith(named + "$"));
                    if (onlyAsConstant && namedLayer.isPresent() && namedLayer.get().ordinal() < readerLayer.get().ordinal()) {
                        events.add(SimpleConditionEvent.violated(reader, String.format(
                                "Class <%s> in layer '%s' uses a compile-time constant of <%s> in layer '%s' in %s",
                                reader.getName(), readerLayer.get().title, named, namedLayer.get().title,
                                reader.getSourceCodeLocation())));
                    }
                }
            }
        };
    }

    /** The classes a class file names in its constant pool ({@code CONSTANT_Class} entries), as Java names. */
    private static Set<String> classesNamedInConstantPool(JavaClass javaClass) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                javaClass.getSource().orElseThrow().getUri().toURL().openStream()))) {
            in.readInt();            // magic
            in.readUnsignedShort();  // minor version
            in.readUnsignedShort();  // major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classNameIndexes = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndexes.add(in.readUnsignedShort());
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IllegalStateException("constant pool tag " + tag + " in " + javaClass.getName());
                }
            }
            Set<String> names = new TreeSet<>();
            for (int index : classNameIndexes) {
                String name = utf8[index].replaceFirst("^\\[+L?", "").replaceFirst(";$", "");
                names.add(name.replace('/', '.'));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the class file of " + javaClass.getName(), e);
        }
    }
}
