package com.roisystems.ml.cluster;

import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code cluster} section, validated: whether {@code serve} joins a cluster, under which name, on which
 * interface and ports, and the members it looks for. Every problem is a {@link ConfigException} naming the key.
 *
 * <p>{@code ClusterSettings cluster = ClusterSettings.from(config); if (cluster.enabled()) { ... }}
 *
 * @param enabled    {@code cluster.enabled}: false is a single node, exactly as before clustering existed
 * @param name       {@code cluster.name}: members with another name never join this cluster
 * @param host       {@code cluster.host}: the interface Hazelcast and the event bus bind to
 * @param publicHost {@code cluster.publicHost}: the address the other members reach this one at
 * @param port       {@code cluster.port}: the Hazelcast member port (the next ones are tried when it is taken)
 * @param busPort    {@code cluster.busPort}: the event-bus TCP port, 0 for any free one
 * @param members    {@code cluster.members}: host or host:port of the members to join by TCP/IP
 */
public record ClusterSettings(boolean enabled, String name, String host, String publicHost, int port, int busPort,
                              List<String> members) {

    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");

    public ClusterSettings {
        members = List.copyOf(members);
    }

    /** Reads and validates {@code cluster.*}; a disabled cluster is not validated further. */
    public static ClusterSettings from(AppConfig config) {
        Object enabled = config.json().getValue("cluster") == null ? null : config.section("cluster").getValue("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new ConfigException("configuration value 'cluster.enabled' must be true or false, got: " + enabled);
        }
        boolean on = Boolean.TRUE.equals(enabled);
        String name = config.string("cluster.name").trim();
        String host = config.string("cluster.host").trim();
        String publicHost = config.string("cluster.publicHost").trim();
        int port = port(config, "cluster.port", 1);
        int busPort = port(config, "cluster.busPort", 0);
        List<String> members = members(config);
        if (on) {
            if (name.isEmpty()) {
                throw new ConfigException("configuration value 'cluster.name' (CLUSTER_NAME) must not be empty when the cluster is enabled");
            }
            if (host.isEmpty()) {
                throw new ConfigException("configuration value 'cluster.host' (CLUSTER_HOST) must name the interface to bind to when the cluster is enabled");
            }
            if (members.isEmpty()) {
                throw new ConfigException("configuration value 'cluster.members' (CLUSTER_MEMBERS) must list at least one member "
                        + "(host[:port], comma-separated; this node may be one of them): there is no multicast discovery");
            }
        }
        return new ClusterSettings(on, name, host, publicHost.isEmpty() ? host : publicHost, port, busPort, members);
    }

    private static int port(AppConfig config, String key, int lowest) {
        int value = config.integer(key);
        if (value < lowest || value > 65_535) {
            throw new ConfigException("configuration value '" + key + "' must be a port between " + lowest
                    + " and 65535, got: " + value);
        }
        return value;
    }

    private static List<String> members(AppConfig config) {
        Object raw = config.section("cluster").getValue("members");
        List<String> entries = new ArrayList<>();
        if (raw instanceof JsonArray array) {
            array.forEach(item -> entries.add(String.valueOf(item)));
        } else if (raw instanceof String text) {
            entries.addAll(List.of(text.split(",")));
        } else if (raw != null) {
            throw new ConfigException("configuration value 'cluster.members' must be a list of host[:port], got: " + raw);
        }
        List<String> members = new ArrayList<>();
        for (String entry : entries) {
            String member = entry.trim();
            if (member.isEmpty()) {
                continue;
            }
            if (!MEMBER.matcher(member).matches()) {
                throw new ConfigException("configuration value 'cluster.members' has an entry that is not host[:port]: '" + member + "'");
            }
            members.add(member);
        }
        return members;
    }
}
