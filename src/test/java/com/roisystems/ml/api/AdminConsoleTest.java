package com.roisystems.ml.api;

import com.roisystems.ml.auth.Role;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.cli.ServiceLauncher;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.monitoring.alert.MonitoringWindows;
import com.roisystems.ml.predictionlog.LoggedPrediction;
import com.roisystems.ml.predictionlog.PredictionLogContract;
import com.roisystems.ml.registry.ModelVersion;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.SimTenants;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import com.roisystems.ml.training.ModelTrainer;
import com.roisystems.ml.training.TrainingOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin console in a real headless Chromium against the whole service (every verticle of {@code verticles.conf},
 * the event-bus bridge included) on the tests' real servers, with a small simulated platform and trained models: one
 * service and one browser for the class, since both are slow to start on two cores.
 */
@ExtendWith(RealServers.class)
@DisplayName("Admin console in a browser")
class AdminConsoleTest {

    private static final Logger log = LoggerFactory.getLogger(AdminConsoleTest.class);
    private static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(600).withSeed(17)
            .withStartMonth(SimulationParameters.monthsEndingNow(36));
    private static final String MODEL = PredictionType.MOVE_PROBABILITY.modelName();
    /** Where each page's screenshot goes (the README's are copied from here into docs/console/). */
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static Vertx vertx;
    private static ServiceLauncher service;
    private static ModelTrainer training;
    private static ConsoleBrowser browser;
    private static WebClient http;
    private static String baseUrl;

    @BeforeAll
    static void serviceWithModelsAndBrowser(TestServers servers) throws Exception {
        Simulation.load(servers.database(), PLATFORM, false, Progress.NONE);
        AppConfig config = servers.config();
        JsonObject json = config.json();
        int port = freePort();
        json.getJsonObject("http").put("port", port);
        json.put("predictionLog", new JsonObject().put("flushIntervalMs", 50));
        json.put("features", new JsonObject().put("coalesceMs", 20));
        json.put("bridge", json.getJsonObject("bridge", new JsonObject()).copy().put("ratesIntervalMs", 1_000).put("healthIntervalMs", 1_000));
        // Serving windows reach PostgreSQL within a fraction of a second and finished ones close every 1.5 s (the monitoring
        // page's test logs predictions into past hours); no clock-skew leeway, so a short-lived token ends when it says.
        json.put("monitoring", json.getJsonObject("monitoring", new JsonObject()).copy().put("windowFlushIntervalMs", 200)
                .put("closeIntervalMs", 1_500).put("closeGraceMs", 0));
        json.getJsonObject("auth").put("clockSkewSeconds", 0);
        // Metrics on, as the service runs them: the overview's rates come from the meters.
        vertx = ServiceRuntime.createVertx();
        training = new ModelTrainer(vertx, PgPools.shared(vertx, json), config, line -> log.info("{}", line));
        for (PredictionType type : PredictionType.values()) {
            training.train(type, TrainingOptions.defaults().withContactUsers(150).withPromote(Stage.PRODUCTION).withCreatedBy("tests"));
        }
        // A second move-probability version waiting in Staging: the one the promotion test promotes.
        training.train(PredictionType.MOVE_PROBABILITY, TrainingOptions.defaults().withPromote(Stage.STAGING).withCreatedBy("tests"));
        service = new ServiceLauncher(vertx, ServiceLauncher.readVerticlesConf(Path.of("verticles.conf")));
        service.deployAll(json).await(180, TimeUnit.SECONDS);
        baseUrl = "http://127.0.0.1:" + port;
        http = TestTokens.webClient(vertx, TestTokens.all());
        browser = ConsoleBrowser.start(baseUrl);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterEach
    void oneTab() {
        if (browser != null) {
            browser.closeOtherTabs();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (service != null) {
            service.undeployAll().await(60, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static JsonObject get(String path) throws Exception {
        HttpResponse<Buffer> response = http.get(port(), "127.0.0.1", path).send().await(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(path + ": " + response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    }

    private static List<WebElement> versionRows() {
        return browser.findAll(By.cssSelector("#versions-table tbody tr"));
    }

    private static String stageShown(String version) {
        List<WebElement> cells = browser.findAll(By.cssSelector("#versions-table tbody tr[data-version='" + version + "'] td.stage"));
        return cells.isEmpty() ? null : cells.get(0).getText();
    }

    @Test
    @DisplayName("signs in with an admin token and shows the overview: the service's status and each dependency")
    void signsIn() {
        browser.signIn(TestTokens.all(), "overview");
        assertThat(browser.find(By.id("who-name")).getText()).contains("test-operator");
        WebElement health = browser.until(ConsoleBrowser.visible(By.id("health-table")));
        assertThat(health.getText()).contains("postgres", "redis", "kafka");
        assertThat(browser.find(By.id("sign-in")).isDisplayed()).isFalse();
    }

    @Test
    @DisplayName("shows the sign-in and no data without a valid admin token: none, a forged one, one without the admin role")
    void signInWithoutValidToken() {
        browser.open("models");
        browser.script("sessionStorage.clear()");
        browser.open("models");
        browser.until(ConsoleBrowser.visible(By.id("token")));
        assertNoData();

        String valid = TestTokens.admin();
        String forged = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
        browser.script("sessionStorage.setItem('roi-admin-token', arguments[0])", forged);
        browser.open("models");
        WebElement reason = browser.until(ConsoleBrowser.visible(By.id("sign-in-reason")));
        assertThat(reason.getText()).startsWith("Not signed in");
        assertNoData();

        browser.script("sessionStorage.setItem('roi-admin-token', arguments[0])", TestTokens.client());
        browser.open("models");
        browser.until(driver -> browser.find(By.id("sign-in-reason")).getText().startsWith("Not allowed") ? true : null);
        assertThat(browser.find(By.id("sign-in-reason")).getText()).contains("admin");
        assertNoData();
    }

    private static void assertNoData() {
        assertThat(browser.find(By.id("sign-in")).isDisplayed()).isTrue();
        assertThat(browser.find(By.id("page")).isDisplayed()).isFalse();
        assertThat(browser.findAll(By.cssSelector("#page *"))).isEmpty();
        assertThat(browser.find(By.id("nav")).isDisplayed()).isFalse();
    }

    @Test
    @DisplayName("lists every version of a model with the stage the registry has")
    void modelsPageListsVersions() throws Exception {
        browser.signIn(TestTokens.admin(), "models");
        browser.until(ConsoleBrowser.visible(By.id("versions-table")));
        new Select(browser.find(By.id("model-picker"))).selectByValue(MODEL);
        JsonArray versions = get("/v1/admin/models/" + MODEL).getJsonArray("versions");
        assertThat(versions.size()).isGreaterThanOrEqualTo(2);
        browser.until(driver -> versionRows().size() == versions.size() ? true : null);
        for (Object entry : versions) {
            JsonObject version = (JsonObject) entry;
            assertThat(stageShown(String.valueOf(version.getInteger("version")))).isEqualTo(version.getString("stage"));
        }
    }

    @Test
    @DisplayName("promotes a Staging version from the page: the page, the registry and a second open page show it in Production")
    void promotesStagingVersion() throws Exception {
        ModelVersion staging = stagingVersion();
        String version = String.valueOf(staging.version());
        browser.signIn(TestTokens.admin(), "models");
        String first = browser.currentTab();
        new Select(browser.find(By.id("model-picker"))).selectByValue(MODEL);
        browser.until(driver -> "Staging".equals(stageShown(version)) ? true : null);

        browser.newTab();
        browser.signIn(TestTokens.admin(), "models");
        String second = browser.currentTab();
        new Select(browser.find(By.id("model-picker"))).selectByValue(MODEL);
        browser.until(driver -> "Staging".equals(stageShown(version)) ? true : null);
        // The second page listens on the bridge before the promotion happens.
        browser.until(driver -> "live".equals(browser.find(By.id("live-state")).getAttribute("data-state")) ? true : null);

        browser.switchTo(first);
        browser.find(By.cssSelector("#versions-table tr[data-version='" + version + "'] button.promote[data-stage='Production']")).click();
        WebElement dialog = browser.until(ConsoleBrowser.visible(By.cssSelector("dialog.confirm")));
        assertThat(dialog.getText()).contains("v" + version, "Production", "will be archived");
        browser.find(By.id("confirm-ok")).click();
        browser.until(driver -> "Production".equals(stageShown(version)) ? true : null);

        assertThat(get("/v1/admin/models/" + MODEL + "/versions/" + version).getString("stage")).isEqualTo("Production");
        browser.switchTo(second);
        browser.until(driver -> "Production".equals(stageShown(version)) ? true : null);
    }

    /** The Staging version the promotion test moves: trained at start-up, or (after a rerun) the latest promoted back to Staging. */
    private static ModelVersion stagingVersion() throws Exception {
        ModelVersion latest = training.registry().find(MODEL, "latest").await(30, TimeUnit.SECONDS);
        if (latest.stage() == Stage.STAGING) {
            return latest;
        }
        ModelVersion production = training.registry().find(MODEL, "Production").await(30, TimeUnit.SECONDS);
        ModelVersion other = training.registry().versions(MODEL).await(30, TimeUnit.SECONDS).stream()
                .filter(candidate -> candidate.version() != production.version()).findFirst().orElseThrow();
        return training.registry().promote(MODEL, other.version(), Stage.STAGING, "tests", "staged for the console test").await(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("shows a new prediction with its SHAP bars when an event posted over HTTP changes a subscribed user's features")
    void livePredictionPushedForEvent() throws Exception {
        int user = 42;
        String entity = "user_" + user;
        browser.signIn(TestTokens.all(), "live");
        browser.find(By.id("entity-id")).sendKeys(entity);
        browser.find(By.id("subscribe")).click();
        browser.until(driver -> entity.equals(browser.find(By.id("live-status")).getAttribute("data-subscribed")) ? true : null);
        // The current prediction comes first; the push after the event is the second.
        browser.until(driver -> browser.findAll(By.cssSelector("#prediction-feed li.prediction")).size() == 1 ? true : null);

        JsonObject event = new JsonObject().put("event_id", UUID.randomUUID().toString()).put("event_type", "document.viewed")
                .put("entity_type", "USER").put("entity_id", entity).put("occurred_at", Instant.now().minusSeconds(5).toString())
                .put("tenant_id", SimTenants.of(PLATFORM.seed(), user)).put("schema_version", 1)
                .put("payload", new JsonObject().put("document_id", "doc_console").put("document_type", "HOME_VALUE_REPORT"));
        HttpResponse<Buffer> posted = http.post(port(), "127.0.0.1", "/v1/events").sendJsonObject(event).await(30, TimeUnit.SECONDS);
        assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(202);

        browser.until(driver -> browser.findAll(By.cssSelector("#prediction-feed li.prediction")).size() == 2 ? true : null);
        WebElement pushed = browser.findAll(By.cssSelector("#prediction-feed li.prediction")).get(0);
        assertThat(pushed.getText()).contains("pushed", entity, "MOVE_PROBABILITY");
        List<WebElement> bars = pushed.findElements(By.cssSelector(".shap-bar"));
        assertThat(bars).hasSize(5);
        assertThat(bars).anySatisfy(bar -> assertThat(bar.getSize().getWidth()).isPositive());
    }

    @Test
    @DisplayName("draws the overview's live chart: the predictions per second pushed over the event bus, painted on the canvas")
    void chartHasDrawnPoints() throws Exception {
        browser.signIn(TestTokens.all(), "overview");
        // The page listens on the prediction stream before the traffic: the bridge counts served predictions from then on.
        browser.until(driver -> "live".equals(browser.find(By.id("live-state")).getAttribute("data-state")) ? true : null);
        WebElement chart = browser.until(ConsoleBrowser.visible(By.id("predictions-chart")));
        browser.until(driver -> Integer.parseInt(chart.getAttribute("data-points")) >= 1 ? true : null);
        predictions(20);
        browser.until(driver -> ((Number) browser.script(
                "return Math.max(0, ...arguments[0].uplot.data[1].filter(v => v !== null && v !== undefined))", chart)).doubleValue() > 0 ? true : null);
        // uPlot paints on a canvas: some of its pixels are not blank once a series is drawn.
        Number painted = (Number) browser.script("""
                const canvas = arguments[0].querySelector('canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let count = 0;
                for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) count++; }
                return count;""", chart);
        assertThat(painted.intValue()).isPositive();
    }

    @Test
    @DisplayName("runs docs/admin-bus.md's JavaScript example in the console's page: it lists the models over the bridge")
    void documentedJavaScriptExampleRuns() throws Exception {
        String documentation = Files.readString(Path.of("docs", "admin-bus.md"));
        String section = documentation.substring(documentation.indexOf("## JavaScript"));
        String html = section.substring(section.indexOf("```html") + "```html".length(), section.indexOf("```", section.indexOf("```html") + 7));
        String example = html.substring(html.lastIndexOf("<script>") + "<script>".length(), html.lastIndexOf("</script>"));
        browser.signIn(TestTokens.admin(), "audit");
        // The page has loaded sockjs-client and the Vert.x client as the example's first two script tags do.
        browser.script("window.exampleLog = [];"
                + "const original = console.log; console.log = (...parts) => { window.exampleLog.push(parts.join(' ')); original(...parts); };"
                + "sessionStorage.setItem('roi-token', arguments[0]);\n" + example, TestTokens.admin());
        browser.until(driver -> {
            Object logged = browser.script("return window.exampleLog.join('\\n')");
            return String.valueOf(logged).contains(MODEL + " production") ? true : null;
        });
        for (PredictionType type : PredictionType.values()) {
            assertThat(String.valueOf(browser.script("return window.exampleLog.join('\\n')"))).contains(type.modelName() + " production");
        }
    }

    /** {@code count} move-probability predictions over HTTP, for users 1..count. */
    private static void predictions(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            HttpResponse<Buffer> answered = http.post(port(), "127.0.0.1", "/v1/predict/move-probability")
                    .sendJsonObject(new JsonObject().put("entity_id", "user_" + (i + 1)).put("entity_type", "USER")).await(30, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("follows a run triggered in the page task by task: a task's state and duration change as the bridge pushes its steps")
    void pipelineRunMovesLive() throws Exception {
        // The service catches up today's run when it starts: the run triggered here comes after it has finished.
        await("no run in progress").atMost(Duration.ofSeconds(120)).until(() -> firstRun() == null
                || !List.of("QUEUED", "RUNNING").contains(firstRun().getString("status")));
        long before = firstRun() == null ? 0 : firstRun().getLong("run_id");
        browser.signIn(TestTokens.admin(), "pipeline");
        browser.until(ConsoleBrowser.visible(By.cssSelector("#page-pipeline[data-ready='true']")));
        browser.until(driver -> "live".equals(browser.find(By.id("live-state")).getAttribute("data-state")) ? true : null);
        // Every state a pushed task shows, as the page draws it: no step may be missed between two looks.
        browser.script("""
                window.pushedStates = new Set();
                const record = () => document.querySelectorAll('#runs li.task[data-pushed]')
                    .forEach(task => window.pushedStates.add(task.closest('article').dataset.run + '/' + task.dataset.task + '/' + task.dataset.status));
                new MutationObserver(record).observe(document.getElementById('runs'), { subtree: true, childList: true, attributes: true });""");

        browser.find(By.id("trigger")).click();
        browser.until(ConsoleBrowser.visible(By.cssSelector("dialog.confirm")));
        browser.find(By.id("confirm-ok")).click();
        browser.until(driver -> firstRun() != null && firstRun().getLong("run_id") > before ? true : null);
        long runId = firstRun().getLong("run_id");

        // A task the page showed RUNNING and then ended, from pushed steps (nothing polls).
        browser.until(driver -> endedAfterRunning(runId) != null ? true : null);
        String task = endedAfterRunning(runId);
        String article = "article.run[data-run='" + runId + "']";
        // Runs redraw on every push: each look reads its element afresh (a stale one means look again).
        browser.until(driver -> browser.find(By.cssSelector(article + " li.task[data-task='" + task + "'] .task-detail")).getText()
                .matches("(SUCCEEDED|FAILED|SKIPPED), [0-9.]+ (ms|s|min).*") ? true : null);
        // The run's own status follows once its tasks are done: read again after a task ends, still without a reload.
        browser.until(driver -> List.of("QUEUED", "RUNNING").contains(browser.find(By.cssSelector(article)).getAttribute("data-status")) ? null : true);
        JsonObject run = get("/v1/admin/pipeline/runs/" + runId);
        List<String> recorded = run.getJsonArray("tasks").stream().map(entry -> ((JsonObject) entry).getString("task")).sorted().toList();
        // Pushed steps and the run's record name the same tasks: one row each, as many as the record has.
        browser.until(driver -> run.getString("status").equals(browser.find(By.cssSelector(article)).getAttribute("data-status"))
                && recorded.equals(browser.findAll(By.cssSelector(article + " li.task")).stream().map(row -> row.getAttribute("data-task")).sorted().toList())
                ? true : null);
        assertThat(browser.findAll(By.cssSelector("#page-pipeline .error"))).as("no error shown").isEmpty();
        browser.screenshot(SCREENSHOTS.resolve("pipeline.png"));
    }

    /** The newest run, once the trigger has created it (null before). */
    private static JsonObject firstRun() {
        try {
            JsonArray runs = get("/v1/admin/pipeline/runs?limit=1").getJsonArray("runs");
            return runs.isEmpty() ? null : runs.getJsonObject(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A task of the run the page showed RUNNING and later ended, both from pushed steps; null while there is none. */
    private static String endedAfterRunning(long runId) {
        Object states = browser.script("return [...window.pushedStates]");
        List<String> seen = ((List<?>) states).stream().map(String::valueOf).filter(state -> state.startsWith(runId + "/")).toList();
        return seen.stream().filter(state -> state.endsWith("/RUNNING")).map(state -> state.substring(0, state.lastIndexOf('/')))
                .filter(running -> seen.stream().anyMatch(state -> state.startsWith(running + "/") && !state.endsWith("/RUNNING")))
                .map(running -> running.substring(running.indexOf('/') + 1)).findFirst().orElse(null);
    }

    @Test
    @DisplayName("charts drift per feature and realised and estimated performance from real monitoring windows, and adds a window closed while it is open")
    void monitoringChartsRealWindows() throws Exception {
        // Real predictions served over HTTP, logged again into past hours (as a backlog replayed would be): the prediction log
        // gathers them into hourly serving windows, the drift job compares each with the version's reference from training,
        // and the performance job scores them against the outcomes fed back below.
        List<LoggedPrediction> served = new CopyOnWriteArrayList<>();
        MessageConsumer<Object> capture = Bus.subscription(vertx, PredictionLogContract.SERVED, served::add);
        predictions(40);
        await("40 served predictions").atMost(Duration.ofSeconds(30)).until(() -> served.stream().filter(p -> p.modelName().equals(MODEL)).count() >= 40);
        capture.unregister().await(10, TimeUnit.SECONDS);
        List<LoggedPrediction> sample = served.stream().filter(p -> p.modelName().equals(MODEL)).limit(40).toList();
        List<String> fedBack = new ArrayList<>();
        fedBack.addAll(logInto(sample, MonitoringWindows.hour(4)));
        fedBack.addAll(logInto(sample, MonitoringWindows.hour(3)));
        for (int i = 0; i < fedBack.size(); i++) {
            feedback(fedBack.get(i), i % 3 == 0 ? 1.0 : 0.0);
        }
        await("two compared hourly windows and their performance").atMost(Duration.ofSeconds(90)).until(() ->
                get("/v1/monitoring/" + MODEL + "/drift").getJsonArray("windows").size() >= 2
                        && get("/v1/monitoring/" + MODEL + "/performance").getJsonArray("windows").stream().map(JsonObject.class::cast)
                        .anyMatch(window -> window.containsKey("realised") && window.containsKey("estimated")));
        int windows = get("/v1/monitoring/" + MODEL + "/drift").getJsonArray("windows").size();

        browser.signIn(TestTokens.all(), "monitoring");
        browser.until(ConsoleBrowser.visible(By.cssSelector("#page-monitoring[data-ready='true']")));
        new Select(browser.find(By.id("monitoring-model"))).selectByValue(MODEL);
        browser.until(driver -> chartWindows("drift-chart") == windows ? true : null);
        assertThat(Integer.parseInt(browser.find(By.id("drift-chart")).getAttribute("data-points"))).as("PSI points").isGreaterThanOrEqualTo(windows);
        assertThat(paintedPixels(browser.find(By.id("drift-chart")))).isPositive();
        browser.until(driver -> pointsOf("performance-chart", 1) >= 1 && pointsOf("performance-chart", 2) >= 1 ? true : null);
        assertThat(paintedPixels(browser.find(By.id("performance-chart")))).isPositive();
        browser.screenshot(SCREENSHOTS.resolve("monitoring.png"));

        // A window closed while the page is open arrives over the bridge (live.monitoring.windows); the page reads nothing otherwise.
        browser.until(driver -> "live".equals(browser.find(By.id("live-state")).getAttribute("data-state")) ? true : null);
        logInto(sample, MonitoringWindows.hour(2));
        browser.until(driver -> chartWindows("drift-chart") == windows + 1 ? true : null);
        assertThat(browser.findAll(By.cssSelector("#page-monitoring .error"))).as("no error shown").isEmpty();
    }

    /** Copies of {@code sample} logged with new ids, ten seconds apart from the start of {@code hour}; their ids. */
    private static List<String> logInto(List<LoggedPrediction> sample, Instant hour) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sample.size(); i++) {
            LoggedPrediction p = sample.get(i);
            String id = UUID.randomUUID().toString();
            ids.add(id);
            Bus.publish(vertx, PredictionLogContract.LOGGED, new LoggedPrediction(id, p.entityType(), p.entityId(), p.predictionType(),
                    p.modelName(), p.modelVersion(), p.request(), p.featuresUsed(), p.predictedValue(), p.predictedClass(), p.confidence(),
                    p.shapValues(), p.latencyMs(), hour.plusSeconds(10L * i), p.tenantId()));
        }
        return ids;
    }

    /** Feeds an outcome back once the prediction log has written the prediction (404 until then). */
    private static void feedback(String predictionId, double actual) {
        await("feedback for " + predictionId).atMost(Duration.ofSeconds(30)).until(() -> http.post(port(), "127.0.0.1", "/v1/feedback")
                .sendJsonObject(new JsonObject().put("prediction_id", predictionId).put("actual_value", actual))
                .await(30, TimeUnit.SECONDS).statusCode() == 200);
    }

    private static int chartWindows(String id) {
        List<WebElement> charts = browser.findAll(By.id(id));
        return charts.isEmpty() ? -1 : ((Number) browser.script("return arguments[0].uplot.data[0].length", charts.get(0))).intValue();
    }

    private static int pointsOf(String id, int series) {
        List<WebElement> charts = browser.findAll(By.id(id));
        return charts.isEmpty() ? 0 : ((Number) browser.script("return arguments[0].uplot.data[arguments[1]].filter(v => v !== null && v !== undefined).length",
                charts.get(0), series)).intValue();
    }

    private static int paintedPixels(WebElement chart) {
        return ((Number) browser.script("""
                const canvas = arguments[0].querySelector('canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let count = 0;
                for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) count++; }
                return count;""", chart)).intValue();
    }

    @Test
    @DisplayName("returns to the sign-in, saying why, when the bridge closes the socket of a token that expired")
    void expiredTokenEndsTheSession() {
        String brief = TestTokens.mint("brief-admin", Set.of(Role.ADMIN), null, Duration.ofSeconds(10));
        browser.signIn(brief, "overview");
        browser.until(driver -> "live".equals(browser.find(By.id("live-state")).getAttribute("data-state")) ? true : null);
        WebElement reason = browser.until(ConsoleBrowser.visible(By.id("sign-in-reason")));
        assertThat(reason.getText()).startsWith("The event bus closed the connection").contains("expired");
        assertThat(browser.find(By.id("page")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("nav")).isDisplayed()).isFalse();
    }

    @Test
    @DisplayName("renders every page without an error, and keeps a screenshot of each")
    void everyPageRenders() throws Exception {
        browser.signIn(TestTokens.all(), "overview");
        for (String page : List.of("overview", "models", "pipeline", "monitoring", "live", "ingestion", "audit")) {
            browser.driver().get(baseUrl + "/admin/#" + page);
            browser.until(ConsoleBrowser.visible(By.cssSelector("#page-" + page + " h2")));
            browser.until(ConsoleBrowser.visible(By.cssSelector("#page-" + page + "[data-ready='true']")));
            if (page.equals("overview")) {
                // Some traffic while the page listens, so that its chart (and the screenshot) shows it.
                browser.until(driver -> "live".equals(browser.find(By.id("live-state")).getAttribute("data-state")) ? true : null);
                predictions(40);
                browser.until(driver -> ((Number) browser.script("return Math.max(0, ...arguments[0].uplot.data[1].filter(v => v != null))",
                        browser.find(By.id("predictions-chart")))).doubleValue() > 0 ? true : null);
            }
            if (page.equals("monitoring")) {
                new Select(browser.find(By.id("monitoring-model"))).selectByValue(MODEL);
                browser.until(driver -> browser.findAll(By.cssSelector("#monitoring-body section")).size() >= 2 ? true : null);
            }
            if (page.equals("ingestion")) {
                browser.until(driver -> Integer.parseInt(browser.find(By.id("ingestion-chart")).getAttribute("data-points")) >= 6 ? true : null);
            }
            if (page.equals("live")) {
                browser.find(By.id("entity-id")).sendKeys("user_7");
                browser.find(By.id("subscribe")).click();
                browser.until(ConsoleBrowser.visible(By.cssSelector("#prediction-feed .shap-bar")));
            }
            assertThat(browser.findAll(By.cssSelector("#page-" + page + " .error"))).as(page + " shows no error").isEmpty();
            browser.screenshot(SCREENSHOTS.resolve(page + ".png"));
        }
    }
}
