package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

/**
 * How {@link EngineSession#writeParquet} lays out files.
 *
 * @param targetFileSizeBytes a file is closed once it reaches about this size; larger results become several files
 * @param rowGroupSize rows per Parquet row group
 * @param compression the column codec
 */
public record ParquetWriteOptions(long targetFileSizeBytes, long rowGroupSize, Compression compression) {

    public static final long TARGET_FILE_SIZE_BYTES_DEFAULT = 128L * 1024 * 1024;
    public static final long ROW_GROUP_SIZE_DEFAULT = 122_880;

    /** Parquet codecs every engine supports. */
    public enum Compression { ZSTD, SNAPPY, GZIP, UNCOMPRESSED }

    public ParquetWriteOptions {
        if (targetFileSizeBytes <= 0 || rowGroupSize <= 0) {
            throw new IllegalArgumentException("file size and row group size must be positive");
        }
        requireNonNull(compression, "compression is null");
    }

    public static ParquetWriteOptions defaults() {
        return new ParquetWriteOptions(TARGET_FILE_SIZE_BYTES_DEFAULT, ROW_GROUP_SIZE_DEFAULT, Compression.ZSTD);
    }

    public ParquetWriteOptions withTargetFileSizeBytes(long bytes) {
        return new ParquetWriteOptions(bytes, rowGroupSize, compression);
    }
}
