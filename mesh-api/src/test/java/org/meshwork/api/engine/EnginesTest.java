package org.meshwork.api.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ErrorCode;

class EnginesTest {

    private static Engine named(String name) {
        return new Engine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return "1.0.0";
            }

            @Override
            public boolean scalesOut() {
                return false;
            }

            @Override
            public EngineSession openSession(SessionOptions options) {
                throw new UnsupportedOperationException("not needed here");
            }
        };
    }

    @Test
    void findsAnInstalledEngineByName() {
        Engine duckdb = named("duckdb");

        assertThat(Engines.of(List.of(duckdb)).engine("duckdb")).isSameAs(duckdb);
    }

    @Test
    void anEngineThatIsNotInstalledIsUnavailable() {
        assertThatThrownBy(() -> Engines.of(List.of(named("duckdb"))).engine("spark"))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessage("engine 'spark' is not available in this installation")
                .satisfies(e -> assertThat(((EngineUnavailableException) e).errorCode())
                        .isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
    }

    @Test
    void twoEnginesMayNotShareAName() {
        assertThatThrownBy(() -> Engines.of(List.of(named("duckdb"), named("duckdb"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sessionOptionsRejectAMemoryLimitWithoutUnit() {
        assertThatThrownBy(() -> SessionOptions.of("run", List.of()).withMemoryLimit("64"))
                .hasMessageContaining("memory limit '64' is not valid");
        assertThat(SessionOptions.of("run", List.of()).withMemoryLimit("64MB").memoryLimit()).contains("64MB");
    }
}
