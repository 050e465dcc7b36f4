package org.meshwork.catalog.lineage;

/** A node of the lineage graph: a data product of the mesh, or an external system a product loads from. */
public enum NodeKind {
    PRODUCT, SYSTEM
}
