/**
 * The edge's entry point: {@link com.roisystems.ml.Main} parses {@code java -jar roi-ml.jar COMMAND [options]},
 * runs the command and turns a problem a person can fix ({@code ConfigException}, {@code UsageException}, a failed
 * migration) into one printed line and a non-zero exit; {@link com.roisystems.ml.Commands} lists every subcommand
 * with the options it accepts, so {@code --help} and the parser cannot disagree.
 *
 * <p>Layer: edge (top). Uses {@code cli} (the commands), {@code bench} (the benchmarks), {@code config} and
 * {@code db}; no package may use it. The packages and their arrows are drawn in the README ("Architecture") and
 * held by {@code ArchitectureTest}: four layers (edge, capabilities, shared model, bottom), arrows pointing down,
 * no package cycle.
 */
package com.roisystems.ml;
