package io.jetsnap.cli;

import io.jetsnap.core.Jetsnap;
import io.nats.client.Connection;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command that does work shares, and the things those commands need. */
final class CommonOptions {
    @Option(names = "--json", description = "Print the result as one JSON object on stdout; progress goes to stderr as JSON lines.")
    boolean json;

    @Option(names = {"-q", "--quiet", "--no-progress"},
            description = "No progress on stderr: nothing on stderr unless something fails (the result still goes to stdout).")
    boolean quiet;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (MinIO) (env JETSNAP_S3_ENDPOINT).")
    String s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region (default: the AWS SDK's region chain, else us-east-1).")
    String s3Region;

    @Option(names = "--s3-profile", paramLabel = "NAME", description = "AWS profile for S3 credentials (default: the AWS SDK's credential chain).")
    String s3Profile;

    @Option(names = "--s3-path-style", arity = "1", paramLabel = "true|false", description = "Path-style S3 addressing (default: true when --s3-endpoint is set).")
    Boolean s3PathStyle;

    @Option(names = "--s3-checksum", paramLabel = "when_supported|when_required",
            description = "When the S3 client sends request checksums; when_required for services that reject the SDK's defaults.")
    String s3Checksum;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private @Nullable ProgressPrinter progress;

    /**
     * Whether stderr is a terminal that can redraw a line. Java says only whether stdin and stdout
     * are ({@code System.console()}); on Linux /proc tells about stderr itself.
     */
    private boolean stderrIsTerminal() {
        if ("dumb".equals(top().env.get("TERM"))) {
            return false;
        }
        java.nio.file.Path fd = java.nio.file.Path.of("/proc/self/fd/2");
        try {
            String target = java.nio.file.Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Store settings: JETSNAP_S3_* and AWS_* from the environment, overridden by the --s3-* flags. */
    java.util.Map<String, String> storeSettings() {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        top().env.forEach((k, v) -> {
            if (k.startsWith("JETSNAP_S3_") || k.startsWith("AWS_")) {
                settings.put(k, v);
            }
        });
        putIfSet(settings, "s3.endpoint", s3Endpoint);
        putIfSet(settings, "s3.region", s3Region);
        putIfSet(settings, "s3.profile", s3Profile);
        putIfSet(settings, "s3.path-style", s3PathStyle == null ? null : s3PathStyle.toString());
        putIfSet(settings, "s3.checksum", s3Checksum);
        return settings;
    }

    private static void putIfSet(java.util.Map<String, String> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }

    JetsnapCommand top() {
        CommandSpec s = mixee;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (JetsnapCommand) s.userObject();
    }

    /** The server URL(s) this run connected to, credentials hidden. */
    String redactedServer() {
        return top().redactedServer();
    }

    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    Connection connect() {
        return top().connect(mixee.commandLine().getErr());
    }

    Jetsnap jetsnap() {
        return jetsnap(java.util.Map.of());
    }

    Jetsnap jetsnap(java.util.Map<String, String> codecOptions) {
        Jetsnap.Builder b = Jetsnap.builder().codecOptions(codecOptions).storeSettings(storeSettings())
                .cancellation(top().cancellation);
        progress = progressPrinter();
        top().progress(progress);
        if (progress != null) {
            b.progress(progress);
        }
        return b.build();
    }

    /** Names {@code stream} in the JSON progress events of the last {@link #jetsnap} built, as a run over many does. */
    void progressOfStream(String stream) {
        if (progress != null) {
            progress.stream(stream);
        }
    }

    /** The progress printer of the last {@link #jetsnap} built; null when quiet. */
    @Nullable ProgressPrinter progress() {
        return progress;
    }

    /**
     * None with --quiet; JSON lines with --json; else a bar on a terminal, plain lines when stderr
     * is not one. JETSNAP_PROGRESS (terminal, lines, json, none) and JETSNAP_PROGRESS_INTERVAL
     * (seconds) override the choice and the interval.
     */
    private @Nullable ProgressPrinter progressPrinter() {
        if (quiet) {
            return null;
        }
        String forced = top().env.get("JETSNAP_PROGRESS");
        ProgressPrinter.Style style;
        if (forced != null && !forced.isBlank()) {
            if (forced.equalsIgnoreCase("none")) {
                return null;
            }
            try {
                style = ProgressPrinter.Style.valueOf(forced.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw io.jetsnap.core.SnapshotException.badInput("JETSNAP_PROGRESS must be terminal, lines, json or none, not '"
                        + forced + "'");
            }
        } else {
            style = json ? ProgressPrinter.Style.JSON : stderrIsTerminal() ? ProgressPrinter.Style.TERMINAL
                    : ProgressPrinter.Style.LINES;
        }
        java.time.Duration interval = style.interval;
        String seconds = top().env.get("JETSNAP_PROGRESS_INTERVAL");
        if (seconds != null && !seconds.isBlank()) {
            double value;
            try {
                value = Double.parseDouble(seconds.strip());
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!(value > 0) || value > 86_400) {
                throw io.jetsnap.core.SnapshotException.badInput("JETSNAP_PROGRESS_INTERVAL must be a number of seconds above 0 "
                        + "(at most a day), not '" + seconds + "'");
            }
            interval = java.time.Duration.ofNanos(Math.max(1, Math.round(value * 1e9)));
        }
        return new ProgressPrinter(style, mixee.commandLine().getErr(), interval, System::nanoTime);
    }
}
