package org.meshwork.api;

import java.util.regex.Pattern;

/**
 * The stable address of a data product: {@code dp.<domain>.<name>}, e.g. {@code dp.sales.orders}. The domain part is
 * the owning domain; the name part is a slug that may itself contain dashes ({@code dp.customer.360}).
 */
public record ProductId(DomainName domain, String name) implements Comparable<ProductId> {
    public static final String PREFIX = "dp.";
    private static final Pattern FORM = Pattern.compile("dp\\.([a-z0-9][a-z0-9_-]{0,62})\\.([a-z0-9][a-z0-9_-]{0,62})");

    public ProductId {
        java.util.Objects.requireNonNull(domain, "domain is null");
        Names.slug(name, "product name");
    }

    /** Parses {@code dp.<domain>.<name>}. */
    public static ProductId parse(String text) {
        if (text == null) {
            throw new InvalidArgumentException("product id is null");
        }
        var matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidArgumentException("product id '" + text
                    + "' is not valid: expected dp.<domain>.<name>, e.g. dp.sales.orders");
        }
        return new ProductId(DomainName.of(matcher.group(1)), matcher.group(2));
    }

    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    public static ProductId of(DomainName domain, String name) {
        return new ProductId(domain, name);
    }

    @Override
    public int compareTo(ProductId other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return PREFIX + domain.value() + "." + name;
    }
}
