package org.meshwork.descriptor;

/**
 * Bounds that keep parsing fast and safe on hostile input: the largest file read, the most aliases a file may use,
 * the deepest nesting of mappings and sequences, and the most nodes a document may expand to.
 */
public record DescriptorLimits(int maxFileBytes, int maxAliases, int maxDepth, int maxNodes) {
    public static final int MAX_FILE_BYTES_DEFAULT = 3 * 1024 * 1024;
    public static final int MAX_ALIASES_DEFAULT = 50;
    public static final int MAX_DEPTH_DEFAULT = 50;
    public static final int MAX_NODES_DEFAULT = 100_000;

    public DescriptorLimits {
        if (maxFileBytes <= 0 || maxAliases < 0 || maxDepth <= 0 || maxNodes <= 0) {
            throw new IllegalArgumentException("descriptor limits must be positive");
        }
    }

    public static DescriptorLimits defaults() {
        return new DescriptorLimits(MAX_FILE_BYTES_DEFAULT, MAX_ALIASES_DEFAULT, MAX_DEPTH_DEFAULT, MAX_NODES_DEFAULT);
    }
}
