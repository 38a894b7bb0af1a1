package io.jetsnap.cli;

import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.registry.ProviderInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "codecs", mixinStandardHelpOptions = true, description = "List the snapshot codecs found on the classpath.")
final class CodecsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Codecs codecs = Codecs.load();
        for (ProviderInfo p : codecs.describe()) {
            spec.commandLine().getOut().printf("%-8s .%-10s %s (%s)%n", p.name(), p.detail(), p.className(), p.origin());
        }
        for (String problem : codecs.problems()) {
            spec.commandLine().getErr().println("jetsnap: a codec could not be loaded: " + problem);
        }
        return Cli.OK;
    }
}
