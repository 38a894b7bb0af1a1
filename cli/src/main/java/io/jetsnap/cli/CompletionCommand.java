package io.jetsnap.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for jetsnap (bash, or zsh through bashcompinit).",
                "  bash: source <(jetsnap completion bash)     (or save it in /etc/bash_completion.d/jetsnap)",
                "  zsh:  source <(jetsnap completion zsh)      (in ~/.zshrc)"})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh (default: bash).")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw io.jetsnap.core.SnapshotException.badInput("completion is available for bash and zsh, not '" + shell + "'");
        }
        // picocli's script serves both: under zsh it loads bashcompinit itself
        spec.commandLine().getOut().print(AutoComplete.bash("jetsnap", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return Cli.OK;
    }
}
