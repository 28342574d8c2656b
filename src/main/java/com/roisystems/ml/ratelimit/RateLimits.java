package com.roisystems.ml.ratelimit;

import com.roisystems.ml.auth.Role;
import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code rateLimits} config section: {@code enabled}, {@code anonymous} (callers without a token) and one
 * {@link BucketLimit} per role. A caller holding several roles gets the most generous of them, so adding a role to
 * a token never lowers its budget.
 *
 * <p>{@code RateLimits.fromJson(config.getJsonObject("rateLimits")).limitFor(caller.roles())}
 */
public record RateLimits(boolean enabled, BucketLimit anonymous, Map<Role, BucketLimit> perRole) {

    public RateLimits {
        perRole = Map.copyOf(perRole);
    }

    /** Reads the section; a role without its own entry gets the anonymous limit. A malformed entry fails naming it. */
    public static RateLimits fromJson(JsonObject json) {
        JsonObject section = json == null ? new JsonObject() : json;
        BucketLimit anonymous = BucketLimit.fromJson("rateLimits.anonymous", section.getJsonObject("anonymous"));
        Map<Role, BucketLimit> perRole = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            JsonObject entry = section.getJsonObject(role.wireName());
            perRole.put(role, entry == null ? anonymous : BucketLimit.fromJson("rateLimits." + role.wireName(), entry));
        }
        return new RateLimits(section.getBoolean("enabled", true), anonymous, perRole);
    }

    /** The most generous limit among {@code roles}; the anonymous limit for none. */
    public BucketLimit limitFor(Set<Role> roles) {
        BucketLimit best = null;
        for (Role role : roles) {
            BucketLimit limit = perRole.getOrDefault(role, anonymous);
            if (best == null || limit.moreGenerousThan(best)) {
                best = limit;
            }
        }
        return best == null ? anonymous : best;
    }
}
