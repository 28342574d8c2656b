package com.roisystems.ml.cli;

import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.auth.TokenKeys;
import com.roisystems.ml.auth.TokenVerifier;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The token command prints one JWT that the service accepts")
class TokenCommandTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static String run(AppConfig config, String... args) throws Exception {
        CommandLine line = CommandLine.parse(List.of(args), TokenCommand.VALUE_OPTIONS, Set.of());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(new TokenCommand().run(line, config)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static Caller verified(AuthSettings settings, String token) throws Exception {
        return new TokenVerifier(vertx, TokenKeys.load(settings), settings, Clock.systemUTC()).verify(token, null)
                .timeout(10, TimeUnit.SECONDS).await();
    }

    private static AppConfig configured() {
        return AppConfig.of(new JsonObject().put("auth", new JsonObject().put("hmacSecret", TestTokens.SECRET)));
    }

    @Test
    @DisplayName("--role twice, --tenant, --subject: stdout is the token alone, and it verifies with those claims")
    void printsAVerifiableToken() throws Exception {
        String output = run(configured(), "--role", "client", "--role", "monitor", "--tenant", "acme", "--subject", "ops-1", "--ttl", "30m");
        assertThat(output).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
        Caller caller = verified(TestTokens.settings(), output.strip());
        assertThat(caller).isEqualTo(new Caller("ops-1", Set.of(Role.CLIENT, Role.MONITOR), "acme", null));
    }

    @Test
    @DisplayName("without a configured key it signs with the demo's key under DATA_DIR; with neither it says what to set")
    void demoKeyOrNothing(@TempDir Path dataDir) throws Exception {
        AppConfig unconfigured = AppConfig.of(new JsonObject().put("dataDir", dataDir.toString()));
        assertThatThrownBy(() -> run(unconfigured, "--role", "admin"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AUTH_HMAC_SECRET").hasMessageContaining(dataDir.toString());

        AppConfig demo = DemoKey.configure(unconfigured);
        String token = run(unconfigured, "--role", "admin,client").strip();
        Caller caller = verified(AuthSettings.from(demo.section("auth")), token);
        assertThat(caller.roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.CLIENT);
        assertThat(caller.tenant()).as("an admin token without --tenant is platform-wide").isNull();
    }

    @Test
    @DisplayName("refuses a missing or unknown role and a malformed ttl, naming them")
    void badOptions() {
        assertThatThrownBy(() -> run(configured())).isInstanceOf(UsageException.class).hasMessageContaining("--role is required");
        assertThatThrownBy(() -> run(configured(), "--role", "root")).isInstanceOf(UsageException.class).hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> run(configured(), "--role", "client", "--ttl", "forever"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--ttl");
        assertThatThrownBy(() -> run(configured(), "--role", "client", "--ttl", "0h")).isInstanceOf(UsageException.class);
        assertThat(TokenCommand.ttl("12h").toHours()).isEqualTo(12);
        assertThat(TokenCommand.ttl("7d").toDays()).isEqualTo(7);
    }
}
