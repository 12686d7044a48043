package io.dnsfailover.controller.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover completion bash|zsh}: the shell completion script, made by picocli from every command and
 * option ({@code source <(dnsfailover completion bash)}). picocli's script serves zsh too, through zsh's
 * {@code bashcompinit}, which the zsh script turns on first.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Prints the shell completion script: source <(dnsfailover completion bash), or zsh.")
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("dnsfailover", Main.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        if (shell == Shell.zsh) {
            out.println("autoload -U +X compinit && compinit");
            out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        out.print(script);
        out.flush();
        return ExitCodes.OK;
    }
}
