package org.meshwork.platform.serving;

import java.util.Locale;
import java.util.Optional;

/** The formats results are served in, with their media types. */
public enum ResultFormat {
    JSON("application/json"),
    NDJSON("application/x-ndjson"),
    CSV("text/csv"),
    PARQUET("application/vnd.apache.parquet");

    private final String mediaType;

    ResultFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ResultFormat> fromLabel(String label) {
        for (ResultFormat format : values()) {
            if (format.label().equals(label)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
