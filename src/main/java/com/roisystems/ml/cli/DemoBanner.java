package com.roisystems.ml.cli;

import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.auth.TokenMinter;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The demo's closing banner: where the API docs are, a ready-to-paste {@code export ROI_TOKEN=...} (every role,
 * every tenant, 12 hours), a client token per demo tenant, and the original design's curl example with a real user
 * of the simulated platform. Printed once, last, so nothing buries it.
 *
 * <p>{@code System.out.println(DemoBanner.text(config, "http://127.0.0.1:8000"));}
 */
final class DemoBanner {

    private static final Logger log = LoggerFactory.getLogger(DemoBanner.class);
    /** The demo platform's customer organisations. */
    static final List<String> TENANTS = List.of("acme", "globex");
    static final Duration VALID_FOR = Duration.ofHours(12);
    private static final String RULE = "─".repeat(100);

    private DemoBanner() {
    }

    static String text(AppConfig config, String baseUrl) {
        AuthSettings auth = AuthSettings.from(config.section("auth"));
        String user = firstUser(config);
        StringBuilder text = new StringBuilder().append('\n').append(RULE).append('\n')
                .append(" ROI Predictive Analytics Engine: demo ready\n\n")
                .append("   API docs   ").append(baseUrl).append("/docs\n")
                .append("   Health     ").append(baseUrl).append("/health\n\n");
        String header = "";
        if (auth.enabled()) {
            TokenMinter minter = TokenMinter.from(auth);
            text.append(" Admin token (every role, every tenant, ").append(VALID_FOR.toHours()).append(" h):\n\n")
                    .append("   export ROI_TOKEN=").append(minter.mint("demo-admin", EnumSet.allOf(Role.class), null, VALID_FOR)).append("\n\n")
                    .append(" Client tokens, one per tenant (predictions, features, feedback; ").append(VALID_FOR.toHours()).append(" h):\n\n");
            for (String tenant : TENANTS) {
                text.append("   export ROI_TOKEN_").append(tenant.toUpperCase()).append('=')
                        .append(minter.mint("demo-client-" + tenant, Set.of(Role.CLIENT), tenant, VALID_FOR)).append('\n');
            }
            text.append("\n More: java -jar target/roi-ml.jar token --role client --tenant acme --ttl 1h\n\n");
            header = "-H \"Authorization: Bearer $ROI_TOKEN\" ";
        } else {
            text.append(" Authentication is OFF (AUTH_ENABLED=false): anyone reaching the port may do anything.\n\n");
        }
        text.append(" Try:\n\n   curl ").append(header).append("-X POST ").append(baseUrl).append("/v1/predict/move-probability \\\n")
                .append("     -H 'content-type: application/json' -d '{\"entity_id\": \"").append(user).append("\", \"entity_type\": \"USER\"}'\n")
                .append(RULE);
        return text.toString();
    }

    /** A user of the simulated platform, for an example that answers; the simulator's first id if none can be read. */
    private static String firstUser(AppConfig config) {
        try (Connection connection = Jdbc.connect(DatabaseUrl.parse(config.string("pg.url")));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT user_id FROM users ORDER BY length(user_id), user_id LIMIT 1")) {
            if (rows.next()) {
                return rows.getString(1);
            }
        } catch (SQLException e) {
            log.debug("Reading a demo user for the banner failed", e);
        }
        return "user_1";
    }
}
