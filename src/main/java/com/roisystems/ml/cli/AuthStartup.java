package com.roisystems.ml.cli;

import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.auth.TokenKeys;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secure default, checked before any server starts: with authentication on, a usable token key must be
 * configured (the service refuses to start otherwise, naming the settings); switched off explicitly
 * ({@code AUTH_ENABLED=false}) it starts, warns once here, and {@code /health} keeps saying so.
 *
 * <p>{@code AuthStartup.check(config);}
 */
public final class AuthStartup {

    private static final Logger log = LoggerFactory.getLogger(AuthStartup.class);

    private AuthStartup() {
    }

    /** Throws {@link ConfigException} when no key is configured or a configured one cannot be used. */
    public static void check(AppConfig config) {
        AuthSettings auth = AuthSettings.from(config.section("auth"));
        if (!auth.enabled()) {
            log.warn("Authentication is switched off (AUTH_ENABLED=false): anyone who reaches the port may do anything, "
                    + "on every tenant; /health says \"auth\": \"disabled\"");
            return;
        }
        auth.requireKeyUnlessDisabled();
        TokenKeys.load(auth);
    }
}
