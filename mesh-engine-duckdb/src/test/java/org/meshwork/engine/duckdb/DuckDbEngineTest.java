package org.meshwork.engine.duckdb;

import org.meshwork.api.engine.Engine;
import org.meshwork.testing.engine.EngineContractTest;

class DuckDbEngineTest extends EngineContractTest {
    @Override
    protected Engine engine() {
        return new DuckDbEngine();
    }
}
