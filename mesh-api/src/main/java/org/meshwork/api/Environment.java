package org.meshwork.api;

import java.util.Locale;

/** The deployment stage a workspace represents. PII is always masked outside {@link #PROD}. */
public enum Environment {
    DEV, STAGING, PROD;

    public static Environment parse(String text) {
        for (Environment value : values()) {
            if (value.label().equals(text)) {
                return value;
            }
        }
        throw new InvalidArgumentException("environment '" + text + "' is not one of dev, staging, prod");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isProduction() {
        return this == PROD;
    }
}
