package org.meshwork.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/** Entry point of the {@code mesh} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        useInstalledSqliteLibrary();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /**
     * Points SQLite's driver at the native library the packaged CLI installs in {@code lib/sqlite-native/} (see
     * mesh-cli's pom), so it does not unpack its own into a temporary file, after running {@code uname}, on every
     * start. Outside the package (tests, an IDE), or when told otherwise ({@code -Dorg.sqlite.lib.path}), nothing
     * changes; a library that does not load makes the driver fall back to its own.
     */
    static void useInstalledSqliteLibrary() {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path directory = jar.resolveSibling("lib").resolve("sqlite-native");
            if (!Files.isDirectory(directory)) {
                return;
            }
            List<Path> libraries;
            try (Stream<Path> files = Files.list(directory)) {
                libraries = files.filter(Files::isRegularFile).toList();
            }
            if (libraries.size() == 1) {
                System.setProperty("org.sqlite.lib.path", directory.toString());
                System.setProperty("org.sqlite.lib.name", libraries.get(0).getFileName().toString());
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // not where the package puts it: the driver unpacks its own, as it always can
        }
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failure, 2 invalid input). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, java.util.Map<String, String> environment) {
        return run(new MeshCommand(environment), args, out, err);
    }

    /** Runs one command line on a given root command (tests give it their governed read path). */
    static int run(MeshCommand root, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(root);
        Optional<Class<?>> named = subcommandNamed(commandLine, args);
        if (named.isPresent()) {
            commandLine.addSubcommand(named.get());
        } else {
            MeshCommand.SUBCOMMANDS.forEach(commandLine::addSubcommand);
        }
        commandLine
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ErrorReporter(root))
                .setParameterExceptionHandler(ErrorReporter::onParameterException);
        commandLine.setExitCodeExceptionMapper(ErrorReporter::exitCode);
        return commandLine.execute(args);
    }

    /**
     * The subcommand a command line runs: its first word that is neither an option of {@code mesh} nor an option's
     * value. Empty for help (which needs every command), for no command, and for a word that names none (picocli then
     * reports it against the full list).
     */
    static Optional<Class<?>> subcommandNamed(CommandLine root, String[] args) {
        Set<String> takingValues = new HashSet<>();
        for (OptionSpec option : root.getCommandSpec().options()) {
            if (option.arity().max() > 0) {
                takingValues.addAll(List.of(option.names()));
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return Optional.empty();
            }
            if (arg.startsWith("-")) {
                if (takingValues.contains(arg)) {
                    i++; // its value
                }
                continue;
            }
            return MeshCommand.SUBCOMMANDS.stream()
                    .filter(command -> !command.equals(CommandLine.HelpCommand.class))
                    .filter(command -> command.getAnnotation(Command.class).name().equals(arg))
                    .findFirst();
        }
        return Optional.empty();
    }
}
