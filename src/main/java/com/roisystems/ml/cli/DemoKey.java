package com.roisystems.ml.cli;

import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The demo's token signing key: an HMAC secret of 384 random bits in {@code DATA_DIR/auth/signing-key}, created on
 * the first run readable by its owner only (mode 0600) and reused afterwards, so tokens stay valid across restarts
 * and the {@code token} command signs with the same key. A key configured explicitly always wins.
 *
 * <p>{@code AppConfig withKey = DemoKey.configure(config);}
 */
public final class DemoKey {

    private static final Logger log = LoggerFactory.getLogger(DemoKey.class);
    private static final int SECRET_BYTES = 48;

    private DemoKey() {
    }

    /** Where the demo keeps its key under a data directory. */
    public static Path file(Path dataDir) {
        return dataDir.resolve("auth").resolve("signing-key");
    }

    /** The config verifying with the demo's key (created if missing), unless a key is configured or auth is off. */
    public static AppConfig configure(AppConfig config) {
        AuthSettings auth = AuthSettings.from(config.section("auth"));
        if (!auth.enabled() || auth.hasKey()) {
            return config;
        }
        Path key = createIfMissing(file(config.dataDir()));
        return config.with("auth.hmacSecretFile", key.toString());
    }

    static Path createIfMissing(Path key) {
        try {
            Files.createDirectories(key.getParent());
            byte[] random = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(random);
            byte[] secret = Base64.getUrlEncoder().withoutPadding().encode(random);
            try {
                // Created with its final mode, so the secret is never readable by others, not even for a moment.
                Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(key);
            }
            Files.write(key, secret);
            log.info("Created the demo's token signing key {}", key);
        } catch (FileAlreadyExistsException reused) {
            log.debug("Reusing the demo's token signing key {}", key);
        } catch (IOException e) {
            throw new ConfigException("cannot create the demo's token signing key " + key + ": " + e.getMessage());
        }
        return key;
    }

    /** True when the demo has created its key under this data directory. */
    static boolean exists(Path dataDir) {
        return Files.isRegularFile(file(dataDir));
    }
}
