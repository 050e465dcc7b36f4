package org.meshwork.api;

/** The name of a team, e.g. {@code customer-domain-team}. A lower-case slug. */
public record TeamName(String value) implements Comparable<TeamName> {
    public TeamName {
        Names.slug(value, "team name");
    }

    public static TeamName of(String value) {
        return new TeamName(value);
    }

    @Override
    public int compareTo(TeamName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
