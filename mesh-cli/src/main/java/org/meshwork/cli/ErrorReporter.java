package org.meshwork.cli;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.Problem;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where errors become what a user sees and the exit code: 2 for invalid input (descriptor, argument,
 * configuration), 1 for every other failure. Stack traces only with {@code MESH_DEBUG=1}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    private final MeshCommand root;

    ErrorReporter(MeshCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        var err = commandLine.getErr();
        Output output = new Output(err, root.colour());
        if (exception instanceof InvalidDescriptorException invalid) {
            for (Problem problem : invalid.problems()) {
                err.println(ProblemFormat.format(output, problem));
            }
            long errors = invalid.problems().stream().filter(Problem::isError).count();
            err.println(output.style("bold,red", errors + (errors == 1 ? " error" : " errors")) + "; nothing was written.");
        } else if (exception instanceof MeshException mesh) {
            err.println(output.style("bold,red", "error:") + " " + mesh.getMessage());
        } else {
            err.println(output.style("bold,red", "internal error:") + " " + exception);
            if (root.debug()) {
                exception.printStackTrace(err);
            } else {
                err.println("(set MESH_DEBUG=1 for the stack trace)");
            }
        }
        err.flush();
        return exitCode(exception);
    }

    static int exitCode(Throwable exception) {
        if (exception instanceof MeshException mesh) {
            return mesh.errorCode().exitCode();
        }
        if (exception instanceof ParameterException) {
            return ErrorCode.EXIT_INVALID_INPUT;
        }
        return ErrorCode.EXIT_FAILURE;
    }

    static int onParameterException(ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        commandLine.getErr().println("error: " + exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, commandLine.getErr());
        commandLine.getErr().println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ErrorCode.EXIT_INVALID_INPUT;
    }
}
