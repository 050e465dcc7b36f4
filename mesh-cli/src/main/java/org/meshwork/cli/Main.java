package org.meshwork.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code mesh} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failure, 2 invalid input). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, java.util.Map<String, String> environment) {
        return run(new MeshCommand(environment), args, out, err);
    }

    /** Runs one command line on a given root command (tests give it their governed read path). */
    static int run(MeshCommand root, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(root)
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ErrorReporter(root))
                .setParameterExceptionHandler(ErrorReporter::onParameterException);
        commandLine.setExitCodeExceptionMapper(ErrorReporter::exitCode);
        return commandLine.execute(args);
    }
}
