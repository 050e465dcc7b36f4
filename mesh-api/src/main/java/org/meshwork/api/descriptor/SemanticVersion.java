package org.meshwork.api.descriptor;

import java.util.Optional;
import java.util.regex.Pattern;
import org.meshwork.api.InvalidArgumentException;

/** A semantic version ({@code MAJOR.MINOR.PATCH[-pre][+build]}), as used for data product contracts. */
public record SemanticVersion(int major, int minor, int patch, Optional<String> preRelease, Optional<String> build)
        implements Comparable<SemanticVersion> {
    private static final Pattern FORM = Pattern.compile(
            "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    public SemanticVersion {
        InvalidArgumentException.check(major >= 0 && minor >= 0 && patch >= 0, "version parts must not be negative");
    }

    public static SemanticVersion parse(String text) {
        var matcher = text == null ? null : FORM.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new InvalidArgumentException("'" + text + "' is not a semantic version: expected MAJOR.MINOR.PATCH, e.g. 2.1.0");
        }
        return new SemanticVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)), Optional.ofNullable(matcher.group(4)), Optional.ofNullable(matcher.group(5)));
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int result = Integer.compare(major, other.major);
        if (result == 0) {
            result = Integer.compare(minor, other.minor);
        }
        if (result == 0) {
            result = Integer.compare(patch, other.patch);
        }
        if (result == 0) {
            // a pre-release sorts before its release
            if (preRelease.isPresent() != other.preRelease.isPresent()) {
                return preRelease.isPresent() ? -1 : 1;
            }
            result = preRelease.orElse("").compareTo(other.preRelease.orElse(""));
        }
        return result;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + preRelease.map(p -> "-" + p).orElse("") + build.map(b -> "+" + b).orElse("");
    }
}
