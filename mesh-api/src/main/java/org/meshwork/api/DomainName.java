package org.meshwork.api;

/** The name of a domain, e.g. {@code sales}. A lower-case slug. */
public record DomainName(String value) implements Comparable<DomainName> {
    public DomainName {
        Names.slug(value, "domain name");
    }

    public static DomainName of(String value) {
        return new DomainName(value);
    }

    @Override
    public int compareTo(DomainName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
