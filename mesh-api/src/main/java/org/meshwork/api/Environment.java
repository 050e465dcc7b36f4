package org.meshwork.api;

/** The deployment stage a workspace represents. PII is always masked outside {@link #PROD}. */
public enum Environment {
    DEV, STAGING, PROD;

    public static Environment parse(String text) {
        return EnumLabels.fromLabel(Environment.class, text).orElseThrow(() -> new InvalidArgumentException(
                "environment '" + text + "' is not one of dev, staging, prod"));
    }

    public String label() {
        return EnumLabels.label(this);
    }

    public boolean isProduction() {
        return this == PROD;
    }
}
