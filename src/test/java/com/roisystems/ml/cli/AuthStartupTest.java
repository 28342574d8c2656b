package com.roisystems.ml.cli;

import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Secure by default: serve needs a token key, the demo makes its own")
class AuthStartupTest {

    private static AppConfig withAuth(JsonObject auth) {
        return AppConfig.of(new JsonObject().put("auth", auth));
    }

    @Test
    @DisplayName("serve refuses to start without a key, before starting any server, naming what to set")
    void serveRefusesWithoutKey() {
        CommandLine line = CommandLine.parse(List.of(), ServeCommand.options(), Set.of());
        assertThatThrownBy(() -> new ServeCommand().run(line, withAuth(new JsonObject())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("AUTH_HMAC_SECRET").hasMessageContaining("AUTH_ENABLED=false");
        assertThatThrownBy(() -> AuthStartup.check(withAuth(new JsonObject().put("hmacSecret", "too-short"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32 bytes");
    }

    @Test
    @DisplayName("starts with a key, or with authentication switched off explicitly (read from AUTH_ENABLED=false)")
    void startsWithKeyOrSwitchedOff() {
        assertThatCode(() -> AuthStartup.check(withAuth(new JsonObject().put("hmacSecret", TestTokens.SECRET)))).doesNotThrowAnyException();
        AppConfig off = AppConfig.load(null, Map.of("AUTH_ENABLED", "false"));
        assertThat(off.section("auth").getBoolean("enabled")).isFalse();
        assertThatCode(() -> AuthStartup.check(off)).doesNotThrowAnyException();
        JsonObject fromEnvironment = AppConfig.load(null, Map.of("AUTH_HMAC_SECRET", "s3cret", "AUTH_ISSUER", "https://idp")).section("auth");
        assertThat(fromEnvironment.getString("hmacSecret")).isEqualTo("s3cret");
        assertThat(fromEnvironment.getString("issuer")).isEqualTo("https://idp");
    }

    @Test
    @DisplayName("the demo's key: created under DATA_DIR with mode 0600, reused on the next start, never over a configured key")
    void demoKey(@TempDir Path dataDir) throws Exception {
        AppConfig config = AppConfig.of(new JsonObject().put("dataDir", dataDir.toString()));
        AppConfig first = DemoKey.configure(config);
        Path key = DemoKey.file(dataDir);
        assertThat(first.string("auth.hmacSecretFile")).isEqualTo(key.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String secret = Files.readString(key);
        assertThat(secret).hasSizeGreaterThanOrEqualTo(64);
        assertThatCode(() -> AuthStartup.check(first)).doesNotThrowAnyException();

        AppConfig second = DemoKey.configure(config);
        assertThat(second.string("auth.hmacSecretFile")).isEqualTo(key.toString());
        assertThat(Files.readString(key)).isEqualTo(secret);

        Path otherDir = dataDir.resolve("other");
        AppConfig configured = AppConfig.of(new JsonObject().put("dataDir", otherDir.toString())
                .put("auth", new JsonObject().put("hmacSecret", TestTokens.SECRET)));
        assertThat(DemoKey.configure(configured).string("auth.hmacSecretFile")).isEmpty();
        assertThat(DemoKey.file(otherDir)).doesNotExist();
    }
}
