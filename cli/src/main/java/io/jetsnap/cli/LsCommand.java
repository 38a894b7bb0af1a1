package io.jetsnap.cli;

import io.jetsnap.core.Counted;
import io.jetsnap.core.batch.SnapshotIndex;
import io.jetsnap.core.catalog.CatalogEntry;
import io.jetsnap.core.catalog.SnapshotCatalog;
import io.jetsnap.core.spi.StoredSnapshot;
import io.nats.client.support.JsonValue;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the snapshots in a folder or S3 prefix: stream, where it was taken (cluster, or server), time, size, "
                + "messages, codec.",
                "Only each snapshot's header is read. Messages come from the index of a snapshot --all run when one names "
                        + "the snapshot (exact), else from the header: the stream's count when the snapshot began (shown ~N); "
                        + "'info' counts exactly.",
                "What snapshots that never finished left behind (a hidden .NAME.<random>.partial file) is listed as "
                        + "'partial'; prune removes it once it is a day old (--partial-older-than)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED, Cli.EXIT_USAGE, Cli.EXIT_SIGINT, Cli.EXIT_SIGTERM})
final class LsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "STORE", description = "A folder, or an S3 prefix (s3://bucket/prefix/).")
    String store;

    @Option(names = "--stream", paramLabel = "NAME", description = "Only this stream's snapshots.")
    String stream;

    @Option(names = "--origin", paramLabel = "NAME", description = "Only the snapshots taken there: a cluster, server "
            + "name or id, JetStream domain, or the ORIGIN shown.")
    String origin;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (stream != null) {
            io.jetsnap.core.NatsNames.requireStreamName(stream, "--stream");
        }
        SnapshotCatalog.Listing listing = common.jetsnap().list(store);
        List<CatalogEntry> entries = listing.snapshots().stream()
                .filter(e -> stream == null || stream.equals(e.stream()))
                .filter(e -> origin == null || e.origin() != null && e.origin().matches(origin)).toList();
        if (common.json) {
            List<JsonValue> list = new ArrayList<>();
            for (CatalogEntry e : entries) {
                list.add(new JsonValue(json(e)));
            }
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("location", new JsonValue(store));
            m.put("snapshots", new JsonValue(list));
            m.put("indexes", new JsonValue(listing.indexes().keySet().stream().map(JsonValue::new).toList()));
            m.put("partials", new JsonValue(listing.partials().stream().map(p -> new JsonValue(json(p))).toList()));
            common.out().println(Output.json(m));
            return Cli.OK;
        }
        common.out().printf("%-24s %-16s %-20s %10s %12s %-6s %s%n", "STREAM", "ORIGIN", "TIME", "SIZE", "MESSAGES", "CODEC",
                "NAME");
        for (CatalogEntry e : entries) {
            if (!e.readable()) {
                common.out().printf("%-24s %-16s %-20s %10s %12s %-6s %s (%s)%n", "?", "?", TIME.format(e.created()),
                        Output.bytes(e.sizeBytes()), "?", "?", e.name(), e.problem());
                continue;
            }
            String messages = e.messages() == null ? "?" : (e.messagesExact() ? "" : "~") + e.messages();
            common.out().printf("%-24s %-16s %-20s %10s %12s %-6s %s%n", e.stream(),
                    e.origin() == null ? "-" : e.origin().label(), TIME.format(e.created()),
                    Output.bytes(e.sizeBytes()), messages, e.codec(), e.name());
        }
        for (StoredSnapshot p : listing.partials()) {
            common.out().printf("%-24s %-16s %-20s %10s %12s %-6s %s (%s)%n", "partial", "?", TIME.format(p.modified()),
                    Output.bytes(p.size()), "?", "?", SnapshotIndex.lastSegment(p.location()), PARTIAL);
        }
        long unreadable = entries.stream().filter(e -> !e.readable()).count();
        common.out().printf("%s%s%s%s%n", Counted.of(entries.size() - unreadable, "snapshot"),
                unreadable == 0 ? "" : ", " + Counted.of(unreadable, "other file"),
                listing.partials().isEmpty() ? "" : ", " + listing.partials().size() + " partial",
                listing.indexes().isEmpty() ? "" : ", " + Counted.of(listing.indexes().size(), "index", "indexes"));
        return Cli.OK;
    }

    static final String PARTIAL = "left by a snapshot that never finished, not a snapshot; prune removes it once a day old";

    /** A leftover of a snapshot that never finished, in {@code --json}: location, name, size and when last written. */
    static Map<String, JsonValue> json(StoredSnapshot p) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("location", new JsonValue(p.location()));
        m.put("name", new JsonValue(SnapshotIndex.lastSegment(p.location())));
        m.put("size_bytes", new JsonValue(p.size()));
        m.put("modified", new JsonValue(p.modified().toString()));
        m.put("partial", new JsonValue(true));
        return m;
    }

    static Map<String, JsonValue> json(CatalogEntry e) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("location", new JsonValue(e.location()));
        m.put("name", new JsonValue(e.name()));
        m.put("stream", e.stream() == null ? JsonValue.NULL : new JsonValue(e.stream()));
        m.put("origin", Output.origin(e.origin()));
        m.put("created", new JsonValue(e.created().toString()));
        m.put("size_bytes", new JsonValue(e.sizeBytes()));
        m.put("codec", e.codec() == null ? JsonValue.NULL : new JsonValue(e.codec()));
        m.put("messages", e.messages() == null ? JsonValue.NULL : new JsonValue(e.messages().longValue()));
        m.put("messages_from", new JsonValue(e.messages() == null ? "none" : e.messagesExact() ? "index" : "header"));
        m.put("digest", e.digest() == null ? JsonValue.NULL : new JsonValue(e.digest()));
        if (!e.readable()) {
            m.put("problem", new JsonValue(e.problem()));
        }
        return m;
    }
}
