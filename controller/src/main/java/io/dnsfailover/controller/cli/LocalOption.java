package io.dnsfailover.controller.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --local}, for the commands that a running daemon answers ({@link AskDaemon}). */
final class LocalOption {

    @Option(names = "--local", description = "Compute the answer here, even when a daemon runs this config file (which"
            + " answers otherwise: sooner, with its parsed config and its environment's secrets).")
    boolean local;

    /**
     * The arguments that run {@code command} in the daemon as here: the options, then {@code --} and the group, so
     * that a group named like an option stays a group.
     */
    static List<String> args(String command, List<String> options, String group) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(options);
        if (group != null) {
            args.add("--");
            args.add(group);
        }
        return args;
    }
}
