package io.jetsnap.cli;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Builds the picocli command tree and maps failures to one-line messages and exit codes. */
final class Cli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    // the exit codes, as every command's --help lists them
    static final String EXIT_OK = "0:success";
    static final String EXIT_FAILED = "1:failure (one line on stderr says what went wrong); restore --dry-run: the restore would be refused";
    static final String EXIT_USAGE = "2:usage error (a bad option, argument, location or time)";
    static final String EXIT_SOME_FAILED = "3:--all: some streams failed (each named on stderr); the others were done";
    static final String EXIT_SIGINT = "130:stopped by SIGINT (Ctrl-C): cleaned up; one line on stderr says what was left";
    static final String EXIT_SIGTERM = "143:stopped by SIGTERM (docker stop, Kubernetes, systemd): the same";

    private Cli() {
    }

    /** A command that connects to NATS (for some inputs at least): only these take and show the connection flags. */
    interface Connects {
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return commandLine(out, err, env, io.jetsnap.core.Cancellation.create());
    }

    /** @param cancellation stops the run's work early (a signal; see {@link SignalShutdown}) */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env,
                                   io.jetsnap.core.Cancellation cancellation) {
        JetsnapCommand top = new JetsnapCommand(env, cancellation);
        CommandLine cl = new CommandLine(top);
        withoutConnectionFlags(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            top.endProgressLine();
            Redactor redactor = top.redactor();
            String denied = top.permissionDenied();
            String message = denied == null ? oneLine(e)
                    : "the server denied a subject jetsnap needs: " + oneLine(denied) + " (see docs/permissions.md); " + oneLine(e);
            commandLine.getErr().println("jetsnap: " + redactor.redact(message));
            if (top.verbose) {
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                commandLine.getErr().print(redactor.redact(trace.toString()));
            }
            commandLine.getErr().flush();
            return exitCode(e);
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            // one line, like every other failure: scripts and log lines keep the reason and the hint together
            c.getErr().println("jetsnap: " + secretsOf(args, env).redact(usageMessage(e)) + " (try '"
                    + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return USAGE;
        });
        return cl;
    }

    /**
     * picocli's message, or for a mistyped command or option ("Unmatched argument at index 0:
     * 'snapshto'") what it was and the closest ones there are, as git and nats say it.
     */
    static String usageMessage(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return e.getMessage();
        }
        CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
        String typed = u.getUnmatched().get(0);
        if (typed.startsWith("-")) {
            List<String> options = spec.options().stream().filter(o -> !o.hidden())
                    .map(CommandLine.Model.OptionSpec::longestName).toList();
            // the name only: a mistyped --pasword=... must not print what followed it
            String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            return "unknown option '" + name + "'" + Suggestion.didYouMean(Suggestion.closest(name, options));
        }
        if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            return "unknown command '" + typed + "'" + Suggestion.didYouMean(Suggestion.closest(typed, spec.subcommands().keySet()));
        }
        return e.getMessage();
    }

    /**
     * The connection flags are inherited by every command; those that never connect (info, verify,
     * ls, ...) do without them, in their --help, their completion and what they accept.
     */
    private static void withoutConnectionFlags(CommandLine cl) {
        java.util.Set<String> connection = new java.util.HashSet<>();
        cl.getCommandSpec().mixins().get("connection").options().forEach(o -> connection.add(o.longestName()));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof Connects) {
                continue;
            }
            for (CommandLine.Model.OptionSpec o : List.copyOf(sub.getCommandSpec().options())) {
                if (o.inherited() && connection.contains(o.longestName())) {
                    sub.getCommandSpec().remove(o);
                }
            }
        }
    }

    /** Before the options are parsed: the values of the secret flags and variables, wherever an error quotes them. */
    private static Redactor secretsOf(String[] args, Map<String, String> env) {
        List<String> secrets = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            for (String flag : new String[] {"--password", "--user", "--server", "-s"}) {
                String value = args[i].equals(flag) && i + 1 < args.length ? args[i + 1]
                        : args[i].startsWith(flag + "=") ? args[i].substring(flag.length() + 1) : null;
                if (value != null) {
                    secrets.addAll(flag.startsWith("--p") || flag.startsWith("--u") ? List.of(value)
                            : Redactor.credentialsIn(value));
                }
            }
        }
        for (String variable : new String[] {"NATS_PASSWORD", "NATS_USER"}) {
            if (env.get(variable) != null) {
                secrets.add(env.get(variable));
            }
        }
        if (env.get("NATS_URL") != null) {
            secrets.addAll(Redactor.credentialsIn(env.get("NATS_URL")));
        }
        return Redactor.urlsOnly().with(secrets);
    }

    static int exitCode(Throwable e) {
        if (e instanceof SnapshotException se && se.code() == ErrorCode.BAD_INPUT || badServerUrl(e)) {
            return USAGE;
        }
        return FAILED;
    }

    /** jnats refuses a server URL it cannot parse with an IllegalArgumentException around a URISyntaxException. */
    private static boolean badServerUrl(Throwable e) {
        return e instanceof IllegalArgumentException && e.getCause() instanceof java.net.URISyntaxException;
    }

    /** The message of a failure on one line, never a stack trace. */
    static String oneLine(Throwable e) {
        if (badServerUrl(e)) {
            java.net.URISyntaxException cause = (java.net.URISyntaxException) e.getCause();
            return "not a valid server URL: " + cause.getInput() + " (" + cause.getReason() + ")";
        }
        String message = e instanceof SnapshotException ? e.getMessage()
                : e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.toString();
        return message == null ? e.getClass().getName() : oneLine(message);
    }

    static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
