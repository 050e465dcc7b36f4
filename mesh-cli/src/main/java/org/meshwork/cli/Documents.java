package org.meshwork.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading fields of the API's JSON documents (maps) for the text output of the read commands. */
final class Documents {
    private Documents() {}

    static String text(Map<String, Object> document, String field) {
        return textOr(document, field, "");
    }

    static String textOr(Map<String, Object> document, String field, String absent) {
        Object value = document.get(field);
        if (value == null) {
            return absent;
        }
        if (value instanceof Double number) {
            return number(number);
        }
        return value.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> document, String field) {
        Object value = document.get(field);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> document, String field) {
        Object value = document.get(field);
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
    }
}
