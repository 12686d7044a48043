package io.dnsfailover.controller.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}, for read-only commands. */
final class OutputOption {

    enum Format {
        text,
        json
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.")
    Format format = Format.text;

    boolean json() {
        return format == Format.json;
    }
}
