package org.meshwork.platform.serving;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meshwork.api.InvalidArgumentException;

/**
 * Where the next page of a read starts: the snapshot version the first page read and the offset after the rows
 * returned. Pinning the version keeps pages consistent while new versions are published. Opaque to clients
 * (base64url text); a cursor that does not decode is refused naming the {@code cursor} parameter.
 */
public record PageCursor(long version, long offset) {
    private static final Pattern FORM = Pattern.compile("v1:(\\d{1,18}):(\\d{1,18})");

    public PageCursor {
        if (version < 0 || offset < 0) {
            throw new IllegalArgumentException("version and offset must not be negative");
        }
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + version + ":" + offset).getBytes(StandardCharsets.US_ASCII));
    }

    public static PageCursor decode(String text) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("cursor: '" + text + "' is not a cursor a previous page returned");
        }
        Matcher matcher = FORM.matcher(decoded);
        InvalidArgumentException.check(matcher.matches(), "cursor: '%s' is not a cursor a previous page returned", text);
        return new PageCursor(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
    }
}
