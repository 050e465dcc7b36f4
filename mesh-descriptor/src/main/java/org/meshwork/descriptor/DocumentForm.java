package org.meshwork.descriptor;

/**
 * Where a document comes from. A {@code SOURCE} document is what a user wrote: {@code transform.file} is read from disk.
 * A {@code STORED} document is a canonical document the parser produced earlier: it carries the file's SQL text itself.
 */
enum DocumentForm {
    SOURCE, STORED
}
