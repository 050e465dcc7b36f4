package org.meshwork.table.delta;

import org.meshwork.api.table.TableFormat;
import org.meshwork.testing.table.ParquetFiles;
import org.meshwork.testing.table.TableFormatContractTest;

class DeltaTableFormatTest extends TableFormatContractTest {

    private static final TableFormat FORMAT = new DeltaTableFormat();

    @Override
    protected TableFormat format() {
        return FORMAT;
    }

    @Override
    protected ParquetFiles parquet() {
        return new DuckDbParquetFiles();
    }
}
