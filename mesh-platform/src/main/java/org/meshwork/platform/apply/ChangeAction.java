package org.meshwork.platform.apply;

/** What an apply does to one resource. */
public enum ChangeAction {
    CREATE, UPDATE, UNCHANGED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
