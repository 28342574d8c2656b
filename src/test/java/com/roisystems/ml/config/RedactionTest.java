package com.roisystems.ml.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Redaction")
class RedactionTest {

    @Test
    @DisplayName("leaves a URL without credentials as it is")
    void urlWithoutUserInfoIsUnchanged() {
        assertThat(Redaction.redact("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
        assertThat(Redaction.redact("postgresql://db.internal:5432/roi?sslmode=require"))
                .isEqualTo("postgresql://db.internal:5432/roi?sslmode=require");
        assertThat(Redaction.redact("127.0.0.1:5432/roi")).isEqualTo("127.0.0.1:5432/roi");
    }

    @Test
    @DisplayName("masks the whole user-info of a URL, with or without a user name")
    void userInfoIsMasked() {
        assertThat(Redaction.redact("rediss://:pw@host:6380/0")).isEqualTo("rediss://***@host:6380/0");
        assertThat(Redaction.redact("redis://default:s3cret@cache:6379")).isEqualTo("redis://***@cache:6379");
        assertThat(Redaction.redact("postgresql://u:p@h:5432/db")).isEqualTo("postgresql://***@h:5432/db");
        assertThat(Redaction.redact("jdbc:postgresql://roi:p@ss@h:5432/db")).isEqualTo("jdbc:postgresql://***@h:5432/db");
    }

    @Test
    @DisplayName("masks password parameters of the query as well as the user-info")
    void passwordParameterIsMasked() {
        assertThat(Redaction.redact("postgresql://u:p@h:5432/db?sslmode=require&password=x"))
                .isEqualTo("postgresql://***@h:5432/db?sslmode=require&password=***");
        assertThat(Redaction.redact("postgresql://h/db?sslpassword=k3y&sslmode=verify-full"))
                .isEqualTo("postgresql://h/db?sslpassword=***&sslmode=verify-full");
        assertThat(Redaction.redact("host=h password=x dbname=roi")).isEqualTo("host=h password=*** dbname=roi");
    }

    @Test
    @DisplayName("leaves Kafka's bootstrap servers as they are")
    void kafkaBootstrapServersAreUnchanged() {
        assertThat(Redaction.redact("host:9092,host2:9092")).isEqualTo("host:9092,host2:9092");
        assertThat(Redaction.redact("SASL_SSL://broker-1:9093")).isEqualTo("SASL_SSL://broker-1:9093");
    }

    @Test
    @DisplayName("masks a URL quoted in free text, such as a driver's error message")
    void freeTextIsRedacted() {
        assertThat(Redaction.redact("Connection to redis://:pw@cache:6379 refused; retry later"))
                .isEqualTo("Connection to redis://***@cache:6379 refused; retry later");
        assertThat(Redaction.redact(null)).isNull();
        assertThat(Redaction.redact("")).isEmpty();
    }
}
