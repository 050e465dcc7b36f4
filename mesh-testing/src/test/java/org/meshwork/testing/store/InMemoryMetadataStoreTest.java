package org.meshwork.testing.store;

import org.meshwork.api.store.MetadataStore;

class InMemoryMetadataStoreTest extends MetadataStoreContractTest {
    @Override
    protected MetadataStore newStore() {
        return new InMemoryMetadataStore();
    }
}
