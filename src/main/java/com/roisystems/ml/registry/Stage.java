package com.roisystems.ml.registry;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A model version's lifecycle stage, as in MLflow: None → Staging → Production → Archived.
 * Each stage lists the stages it may move to; anything else is an illegal transition.
 *
 * <p>{@code if (!current.stage().canMoveTo(Stage.PRODUCTION)) ...}
 */
public enum Stage {
    NONE, STAGING, PRODUCTION, ARCHIVED;

    /** The stages a version in this stage may be promoted (or demoted) to. */
    public Set<Stage> next() {
        return switch (this) {
            case NONE -> EnumSet.of(STAGING, PRODUCTION, ARCHIVED);
            case STAGING -> EnumSet.of(PRODUCTION, ARCHIVED, NONE);
            case PRODUCTION -> EnumSet.of(ARCHIVED);
            // A rollback brings an archived version back through Staging, where it is checked again.
            case ARCHIVED -> EnumSet.of(STAGING);
        };
    }

    public boolean canMoveTo(Stage target) {
        return next().contains(target);
    }

    /** Reads {@code Production}, {@code production} or {@code PRODUCTION}; {@code None} too. */
    public static Stage parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("stage is required");
        }
        try {
            return Stage.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stage '" + text + "'; use None, Staging, Production or Archived");
        }
    }

    /** The MLflow spelling, for API responses. */
    public String display() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
