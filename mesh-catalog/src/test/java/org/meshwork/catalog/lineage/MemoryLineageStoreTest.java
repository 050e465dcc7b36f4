package org.meshwork.catalog.lineage;

import org.meshwork.api.lineage.LineageStore;
import org.meshwork.testing.lineage.LineageStoreContractTest;

class MemoryLineageStoreTest extends LineageStoreContractTest {
    @Override
    protected LineageStore newStore() {
        return new MemoryLineageStore();
    }
}
