package org.meshwork.catalog.lineage;

/** Which way to follow lineage from a product: to what it reads, to what reads it, or both. */
public enum LineageDirection {
    UPSTREAM, DOWNSTREAM, BOTH
}
