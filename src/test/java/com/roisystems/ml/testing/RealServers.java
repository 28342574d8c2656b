package com.roisystems.ml.testing;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.infra.EmbeddedKafkaBroker;
import com.roisystems.ml.infra.EmbeddedPostgresServer;
import com.roisystems.ml.infra.EmbeddedRedisServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives tests real servers: one embedded PostgreSQL, one in-process Kafka broker and one embedded Redis,
 * started on first use and shared by the whole test run, and a fresh, migrated database per test class
 * (cloned from a migrated template, which takes milliseconds). Tests declare a {@link TestServers}
 * parameter on {@code @BeforeAll} or test methods.
 *
 * <p>{@code @ExtendWith({VertxExtension.class, RealServers.class}) class FooTest { @BeforeAll static void setUp(TestServers servers) { ... } }}
 */
public final class RealServers implements BeforeAllCallback, ParameterResolver {

    private static final String TEMPLATE_DATABASE = "roi_template";
    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServers.class);

    private static Shared shared;

    /** The servers, started once per JVM and stopped when the JVM exits. */
    private record Shared(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, EmbeddedKafkaBroker kafka) {
    }

    private static synchronized Shared shared() throws Exception {
        if (shared == null) {
            Path base = Files.createTempDirectory("roi-ml-test-");
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(base.resolve("postgres"), 0);
            DatabaseUrl admin = DatabaseUrl.parse(postgres.url("postgres"));
            execute(admin, "CREATE DATABASE " + TEMPLATE_DATABASE);
            Migrations.apply(admin.withDatabase(TEMPLATE_DATABASE));
            EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);
            EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start("127.0.0.1", 0, base.resolve("kafka"));
            shared = new Shared(postgres, redis, kafka);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closeQuietly(kafka);
                closeQuietly(redis);
                closeQuietly(postgres);
                // A test JVM's servers hold 1-2 GB of data files: left behind, a few local runs fill the disk.
                deleteQuietly(base);
            }));
        }
        return shared;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Shared servers = shared();
        String database = ("t_" + context.getRequiredTestClass().getSimpleName() + "_" + DATABASE_COUNTER.incrementAndGet())
                .toLowerCase(Locale.ROOT);
        DatabaseUrl admin = DatabaseUrl.parse(servers.postgres().url("postgres"));
        execute(admin, "CREATE DATABASE " + database + " TEMPLATE " + TEMPLATE_DATABASE);
        context.getStore(NAMESPACE).put(TestServers.class, new TestServers(
                admin.withDatabase(database), servers.redis(), servers.kafka().bootstrapServers(), database));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestServers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext classContext = extensionContext;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).get(TestServers.class, TestServers.class);
    }

    /** A migrated, empty database of its own on the shared server, for tests of the migration runner. */
    public static DatabaseUrl emptyDatabase(String name) throws Exception {
        Shared servers = shared();
        DatabaseUrl admin = DatabaseUrl.parse(servers.postgres().url("postgres"));
        String database = (name + "_" + DATABASE_COUNTER.incrementAndGet()).toLowerCase(Locale.ROOT);
        execute(admin, "CREATE DATABASE " + database);
        return admin.withDatabase(database);
    }

    private static void execute(DatabaseUrl url, String sql) throws Exception {
        TestDatabase.of(url).execute(sql);
    }

    /** Retries: PostgreSQL's own shutdown hook may still be writing its last files while this one deletes. */
    private static void deleteQuietly(Path directory) {
        for (int attempt = 0; attempt < 10 && Files.exists(directory); attempt++) {
            try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (java.io.IOException | java.io.UncheckedIOException retried) {
                // A file vanished or appeared under the walk: walk again.
            }
            if (Files.exists(directory)) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // The JVM is exiting; there is nobody left to tell.
        }
    }
}
