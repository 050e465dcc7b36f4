package org.meshwork.descriptor;

import java.util.regex.Pattern;

/**
 * Field paths in the form users read: {@code spec.quality.checks[1].threshold}. Keys that are not plain identifiers
 * (label keys such as {@code app.io/team}) are quoted: {@code metadata.labels["app.io/team"]}.
 */
final class FieldPaths {
    static final String ROOT = "";
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private FieldPaths() {}

    static String child(String parent, String key) {
        if (!PLAIN_KEY.matcher(key).matches()) {
            return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** Whether {@code path} is {@code ancestor} or lies below it. */
    static boolean isWithin(String path, String ancestor) {
        if (ancestor.isEmpty() || path.equals(ancestor)) {
            return true;
        }
        return path.startsWith(ancestor) && (path.charAt(ancestor.length()) == '.' || path.charAt(ancestor.length()) == '[');
    }
}
