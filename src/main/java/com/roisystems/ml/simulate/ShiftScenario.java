package com.roisystems.ml.simulate;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * A realistic change of the platform's world, published through the normal event path (Kafka envelopes, as
 * {@code simulate --to-kafka} sends them) so that monitoring can be shown to see it. Each scenario declares the contract
 * fields ({@code record.field}, as {@code features.SourceField} names them) whose values it moves; the features expected
 * to drift are derived from the catalog's definitions that read those fields ({@link ExpectedDrift}), less the ones the
 * scenario says it cannot move (with the reason).
 *
 * <p>{@code List<JsonObject> events = ShiftScenario.named("mortgage-rate-shock").events(world, ShiftOptions.defaults());}
 */
public sealed interface ShiftScenario permits MortgageRateShock, EngagementCollapse, YoungCohort {

    /** Every scenario, by its command-line name. */
    List<ShiftScenario> ALL = List.of(new MortgageRateShock(), new EngagementCollapse(), new YoungCohort());

    /** The scenario called {@code name}; an unknown name fails naming the known ones. */
    static ShiftScenario named(String name) {
        return ALL.stream().filter(scenario -> scenario.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown shift scenario '" + name + "'; choose one of "
                        + String.join(", ", ALL.stream().map(ShiftScenario::name).toList())));
    }

    /** The command-line name, e.g. {@code mortgage-rate-shock}. */
    String name();

    /** What happens in the world, in a sentence or two. */
    String story();

    /** The contract fields whose values the published events move. */
    List<String> movedFields();

    /** Features that read a moved field but whose values this scenario's events cannot move, each with why. */
    Map<String, String> unmovable();

    /**
     * Contract fields the scenario does not set but whose features may still move as a side effect, each with why (the
     * new users have none of them; a record re-published unchanged refreshes vectors computed before it): a drift there
     * is explained, but not expected, so it does not count towards the scenario's detection power.
     */
    default Map<String, String> sideEffects() {
        return Map.of();
    }

    /** The events, in publishing order (an entity's events after the entity); {@code world.now()} is the shift's start. */
    List<JsonObject> events(ShiftWorld world, ShiftOptions options);
}
