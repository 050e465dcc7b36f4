package org.meshwork.api;

import java.util.regex.Pattern;

/** The one rule for slugs used in names: lower-case letters, digits and dashes/underscores, starting with a letter or digit. */
final class Names {
    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private Names() {}

    static String slug(String value, String what) {
        if (value == null) {
            throw new InvalidArgumentException(what + " is null");
        }
        if (!SLUG.matcher(value).matches()) {
            throw new InvalidArgumentException(what + " '" + value
                    + "' is not valid: use 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
        return value;
    }
}
