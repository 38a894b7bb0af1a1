package io.jetsnap.cli;

import io.jetsnap.core.JetsnapVersion;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.registry.Stores;
import io.nats.client.Connection;
import java.io.PrintWriter;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "jetsnap", mixinStandardHelpOptions = true, versionProvider = JetsnapCommand.Version.class,
        description = "Point-in-time snapshots of NATS JetStream streams.",
        subcommands = {SnapshotCommand.class, RestoreCommand.class, InfoCommand.class, VerifyCommand.class, ConvertCommand.class,
                LsCommand.class, PruneCommand.class, CodecsCommand.class, StoresCommand.class, CompletionCommand.class},
        footerHeading = "%nConnecting:%n",
        footer = {"snapshot and restore connect to NATS, and take these flags before or after the command;",
                "the other commands work on snapshots and stores only.",
                "Each connection setting comes from its flag, else its environment variable,",
                "else the nats context (--context, NATS_CONTEXT, else the selected one),",
                "else the default. Secrets are never printed: URLs show as nats://user:***@host.",
                "The subjects a snapshot and a restore need: docs/permissions.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED, Cli.EXIT_USAGE, Cli.EXIT_SOME_FAILED, Cli.EXIT_SIGINT, Cli.EXIT_SIGTERM})
final class JetsnapCommand implements Runnable {
    final Map<String, String> env;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Say where jetsnap connects and how, and print stack traces of failures (secrets hidden).")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Hides the secrets of the connection in anything printed; before connecting, credentials in URLs only. */
    private Redactor redactor = Redactor.urlsOnly();
    private @Nullable ConnectionWatch watch;
    private @Nullable String redactedServer;
    private @Nullable ProgressPrinter progress;

    final io.jetsnap.core.Cancellation cancellation;

    JetsnapCommand(Map<String, String> env, io.jetsnap.core.Cancellation cancellation) {
        this.env = env;
        this.cancellation = cancellation;
    }

    /** Connects as the connection options say, remembering what to hide and what the server denies. */
    Connection connect(PrintWriter err) {
        ConnectionSettings settings = connection.resolve(env);
        redactor = settings.redactor();
        redactedServer = redactor.redact(settings.url());
        if (verbose) {
            err.println("jetsnap: connecting to " + redactedServer + " (" + settings.authDescription() + ")");
            err.flush();
        }
        NatsConnector.Opened opened = NatsConnector.connect(settings);
        watch = opened.watch();
        return opened.connection();
    }

    /** The progress printer of this run, if any; a failure ends its line first. */
    void progress(@Nullable ProgressPrinter printer) {
        this.progress = printer;
    }

    void endProgressLine() {
        if (progress != null) {
            progress.endLine();
        }
    }

    /** The server URL(s) connected to, credentials hidden; null before connecting. */
    @Nullable String redactedServer() {
        return redactedServer;
    }

    Redactor redactor() {
        return redactor;
    }

    /** The first permission violation the server reported on this run's connection, if any. */
    @Nullable String permissionDenied() {
        return watch == null ? null : watch.permissionViolation();
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required (snapshot, restore, info, verify, convert, ls, prune, codecs, stores, completion)");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            java.util.List<String> lines = new java.util.ArrayList<>();
            lines.add("jetsnap " + JetsnapVersion.get() + " (Java " + System.getProperty("java.version") + ")");
            lines.add("codecs: " + String.join(", ", Codecs.load().describe().stream()
                    .map(p -> p.name() + " (." + p.detail() + ")").toList()));
            lines.add("stores: " + String.join(", ", Stores.load().describe().stream().map(p -> p.detail()).toList()));
            return lines.toArray(new String[0]);
        }
    }
}
