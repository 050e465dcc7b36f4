package org.meshwork.catalog.docs;

import java.util.Optional;

/** The formats of a generated product page. */
public enum DocsFormat {
    MD("md"), HTML("html");

    private final String extension;

    DocsFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public static Optional<DocsFormat> fromLabel(String label) {
        for (DocsFormat format : values()) {
            if (format.extension.equalsIgnoreCase(label) || format.name().equalsIgnoreCase(label)
                    || (format == MD && label.equalsIgnoreCase("markdown"))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
