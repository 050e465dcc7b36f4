package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;

class JdbcCredentialsTest {

    @Test
    void readsUserColonPasswordSplittingAtTheFirstColon() {
        assertThat(JdbcCredentials.parse("DB", "reader:pa:ss")).isEqualTo(new JdbcCredentials("reader", "pa:ss"));
    }

    @Test
    void readsAJsonObject() {
        assertThat(JdbcCredentials.parse("DB", " {\"user\": \"reader\", \"password\": \"p{w}\"} "))
                .isEqualTo(new JdbcCredentials("reader", "p{w}"));
    }

    @Test
    void neverShowsThePassword() {
        assertThat(JdbcCredentials.parse("DB", "reader:hunter2").toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> JdbcCredentials.parse("DB", "hunter2")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageNotContaining("hunter2").hasMessageContaining("DB");
        assertThatThrownBy(() -> JdbcCredentials.parse("DB", "{\"user\": \"x\", \"password\": hunter2}"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageNotContaining("hunter2");
    }
}
