package io.jetsnap.cli;

import io.jetsnap.core.registry.ProviderInfo;
import io.jetsnap.core.registry.Stores;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stores", mixinStandardHelpOptions = true, description = "List the snapshot stores found on the classpath.")
final class StoresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Stores stores = Stores.load();
        for (ProviderInfo p : stores.describe()) {
            spec.commandLine().getOut().printf("%-8s %-10s %s (%s)%n", p.name(), p.detail(), p.className(), p.origin());
        }
        for (String problem : stores.problems()) {
            spec.commandLine().getErr().println("jetsnap: a store could not be loaded: " + problem);
        }
        return Cli.OK;
    }
}
