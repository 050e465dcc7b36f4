package org.meshwork.engine.duckdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.meshwork.api.InvalidArgumentException;

/**
 * A database login read from the environment variable a JDBC source names in {@code credentials_env}. The variable
 * holds either {@code user:password} (split at the first colon, so the password may contain colons) or a JSON object
 * {@code {"user": "...", "password": "..."}}. The password never appears in messages or {@link #toString()}.
 */
record JdbcCredentials(String user, String password) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JdbcCredentials parse(String variable, String value) {
        String text = value.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(text);
                InvalidArgumentException.check(node.path("user").isTextual() && node.path("password").isTextual(),
                        "environment variable %s must hold {\"user\": ..., \"password\": ...}", variable);
                return new JdbcCredentials(node.get("user").asText(), node.get("password").asText());
            } catch (JsonProcessingException e) {
                throw new InvalidArgumentException("environment variable " + variable + " is not valid JSON");
            }
        }
        int colon = text.indexOf(':');
        InvalidArgumentException.check(colon > 0,
                "environment variable %s must hold user:password or {\"user\": ..., \"password\": ...}", variable);
        return new JdbcCredentials(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "JdbcCredentials[user=" + user + ", password=***]";
    }
}
