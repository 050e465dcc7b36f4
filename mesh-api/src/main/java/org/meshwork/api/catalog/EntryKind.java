package org.meshwork.api.catalog;

import java.util.Locale;

/** What a catalog entry describes: searches can be narrowed to one kind. */
public enum EntryKind {
    PRODUCT, DOMAIN, GLOSSARY_TERM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
