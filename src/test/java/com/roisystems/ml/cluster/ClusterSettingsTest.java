package com.roisystems.ml.cluster;

import com.hazelcast.config.Config;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSettingsTest {

    @Test
    @DisplayName("Without cluster configuration the service is a single node")
    void defaultsAreASingleNode() {
        ClusterSettings settings = ClusterSettings.from(AppConfig.of(new JsonObject()));

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.name()).isEqualTo("roi-engine");
        assertThat(settings.port()).isEqualTo(5701);
        assertThat(settings.publicHost()).isEqualTo(settings.host());
    }

    @Test
    @DisplayName("The CLUSTER_* environment variables set the cluster section, members comma-separated")
    void environmentVariablesSetTheSection() {
        AppConfig config = AppConfig.load(null, Map.of("CLUSTER_ENABLED", "true", "CLUSTER_NAME", "prod",
                "CLUSTER_HOST", "10.0.0.5", "CLUSTER_PUBLIC_HOST", "engine-1", "CLUSTER_PORT", "5801",
                "CLUSTER_BUS_PORT", "15701", "CLUSTER_MEMBERS", "engine-1:5801, engine-2:5801,10.0.0.7"));

        ClusterSettings settings = ClusterSettings.from(config);

        assertThat(settings).isEqualTo(new ClusterSettings(true, "prod", "10.0.0.5", "engine-1", 5801, 15701,
                List.of("engine-1:5801", "engine-2:5801", "10.0.0.7")));
    }

    @Test
    @DisplayName("An enabled cluster with no members is refused, naming the key: there is no multicast to fall back on")
    void enabledWithoutMembersIsRefused() {
        AppConfig config = AppConfig.of(new JsonObject().put("cluster", new JsonObject().put("enabled", true)));

        assertThatThrownBy(() -> ClusterSettings.from(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cluster.members'").hasMessageContaining("CLUSTER_MEMBERS");
    }

    @Test
    @DisplayName("A port out of range and a member that is not host[:port] are refused, naming the key")
    void badPortsAndMembersAreRefused() {
        assertThatThrownBy(() -> ClusterSettings.from(AppConfig.of(new JsonObject().put("cluster",
                new JsonObject().put("port", 70_000))))).isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.port'");
        assertThatThrownBy(() -> ClusterSettings.from(AppConfig.of(new JsonObject().put("cluster",
                new JsonObject().put("busPort", -1))))).isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.busPort'");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of("CLUSTER_PORT", "fifty"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CLUSTER_PORT").hasMessageContaining("'cluster.port'");
        assertThatThrownBy(() -> ClusterSettings.from(AppConfig.of(new JsonObject().put("cluster",
                new JsonObject().put("enabled", true).put("members", "http://engine-1:5701")))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.members'").hasMessageContaining("http://engine-1:5701");
        assertThatThrownBy(() -> ClusterSettings.from(AppConfig.of(new JsonObject().put("cluster",
                new JsonObject().put("enabled", "yes"))))).isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.enabled'");
    }

    @Test
    @DisplayName("The Hazelcast member joins by TCP/IP with the listed members only, never multicast, under the cluster name")
    void hazelcastJoinsByTcpIpOnly() {
        ClusterSettings settings = new ClusterSettings(true, "prod", "10.0.0.5", "engine-1", 5801, 0, List.of("engine-2:5801"));

        Config config = HazelcastConfigs.of(settings);

        assertThat(config.getClusterName()).isEqualTo("prod");
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("engine-2:5801");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
        assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("10.0.0.5");
        assertThat(config.getProperty("hazelcast.local.publicAddress")).isEqualTo("engine-1");
    }
}
