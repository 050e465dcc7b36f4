package org.meshwork.api;

import java.util.regex.Pattern;

/** The name of a user or service account, e.g. {@code alice} or {@code svc-reporting}. */
public record UserName(String value) implements Comparable<UserName> {
    private static final Pattern USER = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,127}");

    public UserName {
        if (value == null || !USER.matcher(value).matches()) {
            throw new InvalidArgumentException("user name '" + value
                    + "' is not valid: use lower-case letters, digits, '.', '_', '@' or '-'");
        }
    }

    public static UserName of(String value) {
        return new UserName(value);
    }

    @Override
    public int compareTo(UserName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
