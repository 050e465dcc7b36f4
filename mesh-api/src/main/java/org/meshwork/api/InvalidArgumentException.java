package org.meshwork.api;

/** The caller passed an argument that cannot be used; the message says which and why. */
public class InvalidArgumentException extends MeshException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        super(ErrorCode.INVALID_ARGUMENT, message);
    }

    /** One-line check in the style of {@code Preconditions.checkArgument}. */
    public static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new InvalidArgumentException(String.format(java.util.Locale.ROOT, format, args));
        }
    }
}
