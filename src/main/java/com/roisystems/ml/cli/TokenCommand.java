package com.roisystems.ml.cli;

import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.auth.TokenMinter;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code token}: prints a signed JWT, alone on stdout, so {@code export ROI_TOKEN=$(roi-ml token --role admin)}
 * works. Signed with the configured HMAC secret, or, when none is configured, with the demo's key under
 * {@code DATA_DIR}.
 */
public final class TokenCommand implements Command {

    public static final Set<String> VALUE_OPTIONS = Set.of("role", "tenant", "subject", "ttl");
    private static final Pattern TTL = Pattern.compile("(\\d+)([smhd])");

    @Override
    public String name() {
        return "token";
    }

    @Override
    public String summary() {
        return "print a signed token (JWT) for one or more roles, from the configured key or the demo's";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml token --role ROLE [--role ROLE2] [--tenant T] [--subject S] [--ttl 1h]

                Prints a JWT alone on stdout:  export ROI_TOKEN=$(java -jar target/roi-ml.jar token --role client --tenant acme)
                Signed with AUTH_HMAC_SECRET / AUTH_HMAC_SECRET_FILE when configured, else with the key the demo
                created under DATA_DIR (default ./data). Tokens of an identity provider (JWKS, public keys) come
                from that provider, not from here.

                Options:
                  --role ROLE      client, producer, admin or monitor; repeat it (or separate with commas) for several
                  --tenant T       the tenant the token is confined to; without it client and producer tokens get
                                   auth.defaultTenant and admin or monitor tokens are platform-wide
                  --subject S      the token's subject, the actor the audit records (default: the OS user name)
                  --ttl DURATION   how long it is valid: 30m, 1h (default), 12h, 7d
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) {
        Set<Role> roles = roles(line);
        Duration validFor = ttl(line.string("ttl", "1h"));
        String subject = line.string("subject", System.getProperty("user.name", "roi-cli"));
        String token = TokenMinter.from(signingSettings(config)).mint(subject, roles, line.string("tenant", null), validFor);
        System.out.println(token);
        return 0;
    }

    /** The configured HMAC secret, else the demo's key under the data directory. */
    static AuthSettings signingSettings(AppConfig config) {
        AuthSettings auth = AuthSettings.from(config.section("auth"));
        if (auth.hasHmacKey()) {
            return auth;
        }
        Path dataDir = config.dataDir();
        if (DemoKey.exists(dataDir)) {
            return auth.withHmacSecretFile(DemoKey.file(dataDir).toString());
        }
        throw new ConfigException("no key to sign tokens with: set AUTH_HMAC_SECRET (or AUTH_HMAC_SECRET_FILE), "
                + "or run the demo once so DATA_DIR (" + dataDir + ") holds its key");
    }

    private static Set<Role> roles(CommandLine line) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        line.all("role").stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(name -> !name.isEmpty())
                .forEach(name -> roles.add(Role.fromWireName(name).orElseThrow(() ->
                        new UsageException("unknown role '" + name + "' (client, producer, admin, monitor)"))));
        if (roles.isEmpty()) {
            throw new UsageException("--role is required (client, producer, admin, monitor)");
        }
        return roles;
    }

    static Duration ttl(String text) {
        Matcher matcher = TTL.matcher(text.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new UsageException("--ttl must be a positive duration like 30m, 1h, 12h or 7d, got '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
