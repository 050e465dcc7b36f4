package org.meshwork.cli;

import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output instead of tables. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;
}
