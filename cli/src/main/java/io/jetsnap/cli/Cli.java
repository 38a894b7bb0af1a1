package io.jetsnap.cli;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Builds the picocli command tree and maps failures to one-line messages and exit codes. */
final class Cli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Cli() {
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        JetsnapCommand top = new JetsnapCommand(env);
        CommandLine cl = new CommandLine(top);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("jetsnap: " + oneLine(e));
            if (top.verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return exitCode(e);
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            // one line, like every other failure: scripts and log lines keep the reason and the hint together
            c.getErr().println("jetsnap: " + e.getMessage() + " (try '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return USAGE;
        });
        return cl;
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
        return message == null ? e.getClass().getName() : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
