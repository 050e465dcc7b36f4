package org.meshwork.platform.serving;

import java.util.Optional;
import org.meshwork.api.EnumLabels;

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
        return EnumLabels.label(this);
    }

    public static Optional<ResultFormat> fromLabel(String label) {
        return EnumLabels.fromLabel(ResultFormat.class, label);
    }
}
