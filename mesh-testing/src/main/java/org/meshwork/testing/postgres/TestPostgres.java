package org.meshwork.testing.postgres;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server that integration tests run against, named by the environment variables that
 * {@code .ci/postgres.sh} prints: {@value #URL_VARIABLE} (a {@code jdbc:postgresql:} URL), {@value #USER_VARIABLE} and
 * {@value #PASSWORD_VARIABLE}. When they are not set, the project's own {@code .ci/postgres.sh} is run to install (on
 * Debian, as root) and start a private server, so {@code ./mvnw verify} needs no step by hand; when that is not
 * possible the tests fail (they never skip) with the command that starts one. Each test class works in schemas of its own ({@link #createSchema}), so
 * test runs share the server without seeing each other's tables.
 *
 * <p>The PostgreSQL JDBC driver must be on the test's class path.
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "MESH_TEST_POSTGRES_URL";
    public static final String USER_VARIABLE = "MESH_TEST_POSTGRES_USER";
    public static final String PASSWORD_VARIABLE = "MESH_TEST_POSTGRES_PASSWORD";

    private final String url;
    private final String user;
    private final String password;

    private TestPostgres(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * The server the environment names.
     *
     * @throws AssertionError when a variable is not set, telling how to start a server and set them
     */
    public static TestPostgres fromEnvironment() {
        Map<String, String> variables = System.getenv(URL_VARIABLE) == null ? StartedServer.VARIABLES : System.getenv();
        return new TestPostgres(variable(variables, URL_VARIABLE), variable(variables, USER_VARIABLE),
                variable(variables, PASSWORD_VARIABLE));
    }

    /** The variables {@code .ci/postgres.sh} printed, run once per JVM when the environment names no server. */
    private static final class StartedServer {
        private static final Pattern EXPORT = Pattern.compile("export ([A-Z_]+)=(.*)");
        static final Map<String, String> VARIABLES = start();

        private static Map<String, String> start() {
            Path directory = Path.of("").toAbsolutePath();
            while (directory != null && !Files.isRegularFile(directory.resolve(".ci/postgres.sh"))) {
                directory = directory.getParent();
            }
            if (directory == null) {
                return Map.of();
            }
            try {
                Process process = new ProcessBuilder("bash", directory.resolve(".ci/postgres.sh").toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    return Map.of();
                }
                Map<String, String> variables = new HashMap<>();
                for (String line : output.split("\n")) {
                    Matcher matcher = EXPORT.matcher(line.strip());
                    if (matcher.matches()) {
                        variables.put(matcher.group(1), matcher.group(2).replaceAll("^'|'$", ""));
                    }
                }
                return Map.copyOf(variables);
            } catch (IOException e) {
                return Map.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Map.of();
            }
        }
    }

    private static String variable(Map<String, String> variables, String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new AssertionError("environment variable " + name + " is not set and .ci/postgres.sh could not start"
                    + " a server (see its messages above), and this integration test needs a real PostgreSQL server. Start one and set the variables with `source <(.ci/postgres.sh)` in the"
                    + " project directory (it installs Debian's postgresql first when it is missing, which needs root),"
                    + " then run the build again from that shell. .ci/run does this by itself.");
        }
        return value;
    }

    /** The URL of the test database, without a schema. */
    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A new connection to the test database, as the test user. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Creates a schema with a new name that starts with {@code prefix}; closing it drops it with all it holds. */
    public TestSchema createSchema(String prefix) throws SQLException {
        requireNonNull(prefix, "prefix is null");
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("schema prefix must be letters, digits and underscores: " + prefix);
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        }
        return new TestSchema(name);
    }

    /** A schema of the test database that exists until it is closed. */
    public final class TestSchema implements AutoCloseable {
        private final String name;

        private TestSchema(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** The test database's URL with this schema as the current schema. */
        public String url() {
            return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
        }

        /** A new connection whose current schema is this one. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url(), user, password);
        }

        /** Drops the schema and everything in it. */
        @Override
        public void close() throws SQLException {
            try (Connection connection = TestPostgres.this.connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }
}
