package com.roisystems.ml.deploy;

import com.roisystems.ml.config.AppConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml parses (anchors and merge keys resolved, as compose resolves them) and is the deployment issue
 * #18 asks for: engine replicas in one cluster, a load balancer that reaches each of them and is the only published
 * port, Prometheus scraping each replica with a token, Grafana provisioned with that Prometheus and the dashboard.
 * {@code docker-compose config} validates the syntax in CI ({@code .ci/run}); this checks that the parts fit together.
 */
@DisplayName("docker-compose.yml: replicas in one cluster behind a load balancer, Prometheus and Grafana")
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)(:?[-?])?([^}]*)}");

    private static Map<String, Map<String, Object>> services;
    private static Map<String, Map<String, Object>> replicas;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws Exception {
        Map<String, Object> compose = yaml(COMPOSE);
        services = (Map<String, Map<String, Object>>) compose.get("services");
        replicas = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if ("true".equals(String.valueOf(environment(service).get("CLUSTER_ENABLED")))) {
                replicas.put(name, service);
            }
        });
    }

    @Test
    @DisplayName("at least two engine replicas join one cluster: each at its own name, every one a member, fixed ports, its own data volume")
    void replicasFormOneCluster() {
        assertThat(replicas).as("services with CLUSTER_ENABLED=true").hasSizeGreaterThanOrEqualTo(2);
        Set<String> dataVolumes = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> replica : replicas.entrySet()) {
            String name = replica.getKey();
            Map<String, Object> service = replica.getValue();
            Map<String, Object> env = environment(service);
            assertThat(env.get("CLUSTER_HOST")).as(name + " CLUSTER_HOST").isEqualTo(name);
            assertThat(env.get("CLUSTER_PUBLIC_HOST")).as(name + " CLUSTER_PUBLIC_HOST").isEqualTo(name);
            Set<String> members = Set.of(String.valueOf(env.get("CLUSTER_MEMBERS")).split(","));
            assertThat(members).as(name + " CLUSTER_MEMBERS").containsExactlyInAnyOrderElementsOf(
                    replicas.keySet().stream().map(member -> member + ":" + env.get("CLUSTER_PORT")).toList());
            assertThat(Integer.parseInt(String.valueOf(env.get("CLUSTER_BUS_PORT")))).as(name + " CLUSTER_BUS_PORT, fixed").isPositive();
            assertThat(env.get("CLUSTER_NAME")).isEqualTo(environment(replicas.values().iterator().next()).get("CLUSTER_NAME"));
            dataVolumes.add(volumeAt(service, String.valueOf(env.get("DATA_DIR"))));
            assertThat(service).as(name + ": reached through the load balancer only").doesNotContainKey("ports");
            assertThat(service).as(name).containsKey("healthcheck");
            assertThat(seconds(String.valueOf(service.get("stop_grace_period")))).as(name + " stop_grace_period covers the drain (60 s + 30 s)")
                    .isGreaterThanOrEqualTo(90);
        }
        assertThat(dataVolumes).as("one DATA_DIR volume per replica").hasSize(replicas.size());
    }

    @Test
    @DisplayName("the engines read every variable compose sets (a typo would be silently ignored), cluster ones aside")
    void engineVariablesAreRead() {
        for (Map.Entry<String, Map<String, Object>> replica : replicas.entrySet()) {
            Set<String> unknown = environment(replica.getValue()).keySet().stream()
                    // The cluster's variables are issue #18's shared decision, read by the cluster configuration.
                    .filter(name -> !name.startsWith("CLUSTER_"))
                    .filter(name -> !AppConfig.ENVIRONMENT.containsKey(name))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(unknown).as(replica.getKey() + ": variables AppConfig does not read").isEmpty();
        }
    }

    @Test
    @DisplayName("the load balancer is the only published port, on 127.0.0.1 by default, and sends to every replica with sticky cookies")
    void loadBalancerReachesEveryReplica() throws Exception {
        Map<String, Map<String, Object>> published = new LinkedHashMap<>(services);
        published.values().removeIf(service -> !service.containsKey("ports"));
        assertThat(published).as("services with published ports").hasSize(1);
        Map<String, Object> lb = published.values().iterator().next();
        assertThat(String.valueOf(lb.get("image"))).startsWith("haproxy:");
        assertThat(strings(lb.get("ports"))).singleElement().asString().startsWith("${ROI_PUBLISH_ADDRESS:-127.0.0.1}:");
        assertThat(strings(lb.get("volumes"))).anyMatch(volume -> volume.startsWith("./docker/lb/haproxy.cfg:"));

        String haproxy = Files.readString(Path.of("docker", "lb", "haproxy.cfg"));
        for (String name : replicas.keySet()) {
            String port = String.valueOf(environment(replicas.get(name)).get("HTTP_PORT"));
            assertThat(haproxy).as("haproxy.cfg reaches " + name).contains("server " + name + " " + name + ":" + port + " cookie " + name);
        }
        assertThat(haproxy).contains("cookie ROI_ENGINE insert", "http-check send meth GET uri /health", "timeout tunnel");
    }

    @Test
    @DisplayName("Prometheus scrapes exactly the replicas, with the monitor token the token job writes to a volume it mounts")
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryReplica() throws Exception {
        Map<String, Object> prometheus = serviceWithImage("prom/prometheus:");
        assertThat(strings(prometheus.get("volumes"))).contains("./docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        Map<String, Object> config = yaml(Path.of("docker", "prometheus", "prometheus.yml"));
        Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).stream()
                .filter(scrape -> "roi-engine".equals(scrape.get("job_name"))).findFirst().orElseThrow();
        List<String> targets = new ArrayList<>();
        ((List<Map<String, Object>>) job.get("static_configs")).forEach(group -> targets.addAll(strings(group.get("targets"))));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(replicas.entrySet().stream()
                .map(replica -> replica.getKey() + ":" + environment(replica.getValue()).get("HTTP_PORT")).toList());
        assertThat(job.get("metrics_path")).isEqualTo("/metrics");

        String tokenFile = String.valueOf(((Map<String, Object>) job.get("authorization")).get("credentials_file"));
        String tokenDirectory = tokenFile.substring(0, tokenFile.lastIndexOf('/'));
        String volume = strings(prometheus.get("volumes")).stream().filter(mount -> mount.split(":")[1].equals(tokenDirectory))
                .map(mount -> mount.split(":")[0]).findFirst().orElseThrow(() -> new AssertionError("no volume at " + tokenDirectory));
        Map<String, Object> tokenJob = services.get("metrics-token");
        assertThat(strings(tokenJob.get("volumes"))).anyMatch(mount -> mount.startsWith(volume + ":"));
        String script = String.join("\n", strings(tokenJob.get("command")));
        String written = tokenFile.substring(tokenFile.lastIndexOf('/') + 1);
        assertThat(script).contains("token --role monitor", "/" + written);
        assertThat(((Map<String, Object>) prometheus.get("depends_on"))).containsKey("metrics-token");
    }

    @Test
    @DisplayName("Grafana is provisioned with that Prometheus and the dashboards directory, and every panel uses that datasource")
    @SuppressWarnings("unchecked")
    void grafanaIsProvisioned() throws Exception {
        Map<String, Object> grafana = serviceWithImage("grafana/grafana:");
        List<String> volumes = strings(grafana.get("volumes"));
        assertThat(volumes).contains("./docker/grafana/provisioning:/etc/grafana/provisioning:ro");
        String dashboardsMount = volumes.stream().filter(mount -> mount.startsWith("./docker/grafana/dashboards:"))
                .map(mount -> mount.split(":")[1]).findFirst().orElseThrow();
        Map<String, Object> datasource = ((List<Map<String, Object>>) yaml(Path.of("docker", "grafana", "provisioning", "datasources",
                "prometheus.yml")).get("datasources")).get(0);
        String prometheusService = services.entrySet().stream().filter(entry -> String.valueOf(entry.getValue().get("image"))
                .startsWith("prom/prometheus:")).map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(datasource.get("url")).isEqualTo("http://" + prometheusService + ":9090");
        Map<String, Object> provider = ((List<Map<String, Object>>) yaml(Path.of("docker", "grafana", "provisioning", "dashboards",
                "roi-engine.yml")).get("providers")).get(0);
        assertThat(((Map<String, Object>) provider.get("options")).get("path")).isEqualTo(dashboardsMount);

        JsonObject dashboard = new JsonObject(Files.readString(DashboardMetricsTest.DASHBOARDS.resolve("roi-engine.json")));
        List<String> panelDatasources = new ArrayList<>();
        dashboard.getJsonArray("panels").stream().map(JsonObject.class::cast).filter(panel -> !"row".equals(panel.getString("type")))
                .forEach(panel -> panelDatasources.add(panel.getJsonObject("datasource").getString("uid")));
        assertThat(panelDatasources).isNotEmpty().containsOnly(String.valueOf(datasource.get("uid")));
        assertThat(DashboardMetricsTest.dashboardMetrics().keySet()).as("panels with queries")
                .anyMatch(title -> title.contains("Predictions/s")).anyMatch(title -> title.contains("latency"))
                .anyMatch(title -> title.contains("errors")).anyMatch(title -> title.contains("Kafka consumer lag"))
                .anyMatch(title -> title.contains("Runs by status")).anyMatch(title -> title.contains("Drift detected"));
    }

    @Test
    @DisplayName("Kafka's activity topic has at least a partition per replica; no password has a default")
    @SuppressWarnings("unchecked")
    void partitionsAndPasswords() throws Exception {
        Map<String, Object> init = services.get("kafka-init");
        Matcher partitions = VARIABLE.matcher(String.valueOf(environment(init).get("PARTITIONS")));
        assertThat(partitions.matches()).isTrue();
        assertThat(Integer.parseInt(partitions.group(3))).as("default partitions").isGreaterThanOrEqualTo(replicas.size());
        for (Map<String, Object> replica : replicas.values()) {
            assertThat((Map<String, Object>) replica.get("depends_on")).as("a replica starts after the topic exists, or after one that did")
                    .containsAnyOf(Map.entry("kafka-init", Map.of("condition", "service_completed_successfully")),
                            Map.entry(replicas.keySet().iterator().next(), Map.of("condition", "service_healthy")));
        }

        Matcher variable = VARIABLE.matcher(Files.readString(COMPOSE));
        while (variable.find()) {
            if (variable.group(1).contains("PASSWORD")) {
                assertThat(variable.group(2)).as(variable.group()).isEqualTo(":?");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        return environment instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Map<String, Object> serviceWithImage(String prefix) {
        List<Map<String, Object>> matching = services.values().stream().filter(service -> String.valueOf(service.get("image")).startsWith(prefix)).toList();
        assertThat(matching).as("services with image " + prefix + "*").hasSize(1);
        return matching.get(0);
    }

    /** The named volume mounted at {@code path}. */
    private static String volumeAt(Map<String, Object> service, String path) {
        return strings(service.get("volumes")).stream().filter(mount -> mount.split(":")[1].equals(path)).map(mount -> mount.split(":")[0])
                .findFirst().orElseThrow(() -> new AssertionError("no volume at " + path));
    }

    private static int seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Integer.parseInt(duration.substring(0, duration.length() - 1));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return list == null ? List.of() : ((List<Object>) list).stream().map(String::valueOf).toList();
    }

    private static Map<String, Object> yaml(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }
}
