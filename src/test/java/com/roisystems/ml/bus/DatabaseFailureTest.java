package com.roisystems.ml.bus;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a caller reads when PostgreSQL refuses a statement: the service, the kind of refusal and the constraint,
 * never PostgreSQL's own text (which quotes the table and the values).
 */
@ExtendWith({RealServers.class})
@DisplayName("A database failure seen by a caller")
class DatabaseFailureTest {

    private static final String SERVICE = "the model registry";

    private Vertx vertx;
    private Pool pool;

    @BeforeEach
    void connect(TestServers servers) throws Exception {
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(servers.database().connectOptions()).using(vertx).build();
        servers.jdbc().execute("CREATE TABLE IF NOT EXISTS failure_probe (name text CONSTRAINT failure_probe_name_key UNIQUE, "
                + "size int CONSTRAINT failure_probe_size_positive CHECK (size > 0))");
        servers.jdbc().execute("TRUNCATE failure_probe");
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("a duplicate is a 409 naming the service and the constraint, without PostgreSQL's message or the value")
    void uniqueViolationIsAConflictNamingTheConstraint() throws Exception {
        insert("secret-model-name", 1);
        Throwable refused = catchThrowable(() -> insert("secret-model-name", 1));
        assertThat(refused).isInstanceOf(PgException.class);

        ServiceFailure failure = ServiceFailure.from(refused, SERVICE);

        assertThat(failure.code()).isEqualTo(FailureCode.CONFLICT);
        assertThat(failure.httpStatus()).isEqualTo(409);
        assertThat(failure.getMessage()).isEqualTo(
                "the model registry refused the change: it would duplicate an existing entry (constraint failure_probe_name_key)");
        assertThat(failure.toErrorBody().encode()).doesNotContain("secret-model-name").doesNotContain("duplicate key value");
    }

    @Test
    @DisplayName("a value a check refuses is a 409 naming the check")
    void checkViolationNamesTheCheck() {
        ServiceFailure failure = ServiceFailure.from(catchThrowable(() -> insert("small", -1)), SERVICE);

        assertThat(failure.code()).isEqualTo(FailureCode.CONFLICT);
        assertThat(failure.getMessage()).isEqualTo(
                "the model registry refused the change: a value is outside what is allowed (constraint failure_probe_size_positive)");
    }

    @Test
    @DisplayName("a serialization failure is a 409 that says to retry, and an unexpected database error a bare 500")
    void otherDatabaseErrorsCarryNoDriverText() {
        ServiceFailure concurrent = ServiceFailure.from(new PgException("could not serialize access due to concurrent update",
                "ERROR", "40001", "row (7, secret) changed"), SERVICE);
        assertThat(concurrent.code()).isEqualTo(FailureCode.CONFLICT);
        assertThat(concurrent.getMessage()).isEqualTo("the model registry refused the change: a concurrent change conflicted with it; retry");

        ServiceFailure bug = ServiceFailure.from(catchThrowable(() -> pool.query("SELECT secret_column FROM failure_probe")
                .execute().await(10, TimeUnit.SECONDS)), SERVICE);
        assertThat(bug.code()).isEqualTo(FailureCode.INTERNAL);
        assertThat(bug.toErrorBody().encode()).doesNotContain("secret_column");
    }

    private void insert(String name, int size) throws TimeoutException {
        pool.preparedQuery("INSERT INTO failure_probe (name, size) VALUES ($1, $2)").execute(Tuple.of(name, size)).await(10, TimeUnit.SECONDS);
    }
}
