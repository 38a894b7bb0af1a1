package io.jetsnap.cli;

import io.jetsnap.core.JetsnapVersion;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "jetsnap", mixinStandardHelpOptions = true, versionProvider = JetsnapCommand.Version.class,
        description = "Point-in-time snapshots of NATS JetStream streams.",
        subcommands = {SnapshotCommand.class, RestoreCommand.class, InfoCommand.class, VerifyCommand.class, ConvertCommand.class,
                CodecsCommand.class, StoresCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (one line on stderr says what went wrong)", "2:usage error"})
final class JetsnapCommand implements Runnable {
    final Map<String, String> env;

    @Option(names = {"-s", "--server"}, scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "NATS server URL (default: $NATS_URL, else nats://127.0.0.1:4222)")
    String server;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    JetsnapCommand(Map<String, String> env) {
        this.env = env;
    }

    String serverUrl() {
        if (server != null && !server.isBlank()) {
            return server;
        }
        String fromEnv = env.get("NATS_URL");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "nats://127.0.0.1:4222";
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required (snapshot, restore, info, verify, convert, codecs, stores)");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jetsnap " + JetsnapVersion.get()};
        }
    }
}
