package io.jetsnap.cli;

import io.jetsnap.core.Counted;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.batch.ManyStreams;
import io.jetsnap.core.StreamFilter;
import io.nats.client.support.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --all} and which streams it takes, for snapshot and restore. */
final class ManyStreamsOptions {
    /** Exit code of a run over many streams where some failed. */
    static final int SOME_FAILED = 3;

    /** {@code --all}, which each command declares with its own description. */
    boolean all;

    @Option(names = "--filter", paramLabel = "GLOB", description = "With --all: only streams matching GLOB (* and ?; repeatable).")
    List<String> filter = List.of();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "With --all: leave out streams matching GLOB (repeatable).")
    List<String> exclude = List.of();

    @Option(names = "--exclude-buckets", description = "With --all: leave out KV (KV_*) and object store (OBJ_*) buckets.")
    boolean excludeBuckets;

    /** The one stream named, or null with --all; a usage error if the arguments do not fit. */
    @Nullable String stream(List<String> positional, String verb) {
        if (filter.stream().anyMatch(String::isBlank) || exclude.stream().anyMatch(String::isBlank)) {
            throw SnapshotException.badInput("--filter and --exclude take a glob of stream names (e.g. 'orders*'), not an empty one");
        }
        if (all) {
            if (positional.size() != 1) {
                throw SnapshotException.badInput("with --all, " + verb + " takes only the folder or prefix, not a stream name");
            }
            return null;
        }
        if (!filter.isEmpty() || !exclude.isEmpty() || excludeBuckets) {
            throw SnapshotException.badInput("--filter, --exclude and --exclude-buckets go with --all");
        }
        if (positional.size() != 2) {
            throw SnapshotException.badInput(verb + " needs a stream and a location (or --all and a folder or prefix)");
        }
        return positional.get(0);
    }

    StreamFilter filter() {
        return new StreamFilter(filter, exclude, !excludeBuckets);
    }

    /**
     * Labels progress with the stream at hand, and reports each stream as it ends: a failure on
     * stderr, a success through {@code done} (unless --json, where the result comes at the end).
     */
    ManyStreams.Listener listener(CommonOptions common, java.util.function.Consumer<Object> done) {
        return new ManyStreams.Listener() {
            @Override
            public void starting(String stream) {
                ProgressPrinter progress = common.progress();
                if (progress != null) {
                    progress.label(stream);
                }
            }

            @Override
            public void finished(ManyStreams.Outcome<?> outcome) {
                if (outcome.result() != null && !common.json) {
                    done.accept(outcome.result());
                }
                if (outcome.error() != null) {
                    common.top().endProgressLine();
                    String why = common.top().redactor().redact(Cli.oneLine(outcome.error()));
                    // "stream orders: stream orders already holds ..." says the name twice
                    common.err().println("jetsnap: " + (why.startsWith("stream " + outcome.stream() + " ") ? ""
                            : "stream " + outcome.stream() + ": ") + why);
                    common.err().flush();
                }
            }
        };
    }

    static Map<String, JsonValue> failureJson(ManyStreams.Outcome<?> o, CommonOptions common) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("stream", new JsonValue(o.stream()));
        m.put("status", new JsonValue("failed"));
        m.put("error_code", new JsonValue(o.error().code().name()));
        m.put("error", new JsonValue(common.top().redactor().redact(Cli.oneLine(o.error()))));
        return m;
    }

    int exitCode(ManyStreams.Run<?> run, CommonOptions common) {
        if (run.failures() == 0) {
            return Cli.OK;
        }
        common.err().println("jetsnap: " + run.failures() + " of " + Counted.of(run.outcomes().size(), "stream") + " failed (see above)");
        common.err().flush();
        return SOME_FAILED;
    }
}
