package io.jetsnap.cli;

import io.jetsnap.core.Jetsnap;
import io.nats.client.Connection;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command that does work shares, and the things those commands need. */
final class CommonOptions {
    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    JetsnapCommand top() {
        CommandSpec s = mixee;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (JetsnapCommand) s.userObject();
    }

    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    Connection connect() {
        return NatsConnector.connect(top().serverUrl());
    }

    Jetsnap jetsnap() {
        return jetsnap(java.util.Map.of());
    }

    Jetsnap jetsnap(java.util.Map<String, String> codecOptions) {
        Jetsnap.Builder b = Jetsnap.builder().codecOptions(codecOptions);
        if (!quiet && !json && System.console() != null) {
            b.progress(new ProgressPrinter(mixee.commandLine().getErr()));
        }
        return b.build();
    }
}
