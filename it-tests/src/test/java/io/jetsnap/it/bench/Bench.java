package io.jetsnap.it.bench;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The snapshot and restore benchmark: one nats-server of its own, a stream of N messages of S
 * bytes, and in one run the plain-jnats baselines (drain, publish, per-message get) beside jetsnap's
 * snapshot and restore with each codec and its WorkQueue read, run through the CLI jar in a JVM of
 * its own with a small heap. Prints a table and appends one JSON line per measurement to the
 * results file. Run it with {@code bash .ci/bench}; see docs/benchmarks.md.
 */
public final class Bench {
    private static final List<String> ALL_PARTS = List.of("publish", "drain", "snapshot", "restore", "workqueue");
    private static final List<String> CODECS = List.of("json", "cbor");

    private final Map<String, String> options;
    private final long messages;
    private final long wqMessages;
    private final Set<String> parts;
    private final List<String> cliJvm;
    private final Path jar;
    private final Path results;
    private final Path workDir;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private BenchServer server;
    private String serverVersion;
    private int size;
    private double drainBaseline = Double.NaN;
    private double publishBaseline = Double.NaN;
    private double getBaseline = Double.NaN;

    private Bench(Map<String, String> options) throws Exception {
        this.options = options;
        this.messages = Long.parseLong(options.getOrDefault("messages", "1000000"));
        this.wqMessages = Long.parseLong(options.getOrDefault("wq-messages", "100000"));
        this.parts = Set.copyOf(Arrays.asList(options.getOrDefault("parts", String.join(",", ALL_PARTS)).split(",")));
        this.cliJvm = Arrays.asList(options.getOrDefault("cli-jvm", "-Xmx64m").split(" "));
        this.jar = Path.of(require(options, "jar"));
        this.results = Path.of(options.getOrDefault("results", "docs/benchmark-results.jsonl"));
        this.workDir = Files.createTempDirectory(Path.of(options.getOrDefault("tmp", System.getProperty("java.io.tmpdir"))),
                "jetsnap-bench-files-");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, not " + a);
            }
            options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        Bench bench = new Bench(options);
        try {
            for (String s : options.getOrDefault("sizes", "1024,128").split(",")) {
                bench.runSize(Integer.parseInt(s.strip()));
            }
            bench.printTable();
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(bench.workDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void runSize(int payloadSize) throws Exception {
        this.size = payloadSize;
        drainBaseline = publishBaseline = getBaseline = Double.NaN;
        Payloads payloads = new Payloads(size, Math.max(1, Math.min(16_384, (int) Math.min(messages, Integer.MAX_VALUE))), 42);
        String binary = options.getOrDefault("server", "nats-server");
        try (BenchServer s = BenchServer.start(binary, workDir)) {
            server = s;
            try (Connection nc = s.connect(true); Connection noFlush = s.connect(false)) {
                serverVersion = nc.getServerInfo().getVersion();
                System.out.printf(Locale.ROOT, "== nats-server %s, %,d messages of %d bytes (%s)%n", serverVersion, messages,
                        size, binary);
                JetStreamManagement jsm = nc.jetStreamManagement();
                publishPart(nc, noFlush, jsm, payloads);
                if (parts.contains("drain")) {
                    drainPart(noFlush);
                }
                Map<String, Path> files = new LinkedHashMap<>();
                if (parts.contains("snapshot") || parts.contains("restore")) {
                    for (String codec : CODECS) {
                        files.put(codec, snapshot("src", codec, messages, drainBaseline, "drain"));
                    }
                }
                if (parts.contains("restore")) {
                    for (String codec : CODECS) {
                        jsm.deleteStream("src");
                        restore("src", codec, files.get(codec));
                    }
                }
                for (Path f : files.values()) {
                    Files.deleteIfExists(f);
                }
                if (parts.contains("workqueue")) {
                    jsm.deleteStream("src");
                    workQueuePart(nc, noFlush, jsm, payloads);
                }
            }
        }
    }

    private void publishPart(Connection nc, Connection noFlush, JetStreamManagement jsm, Payloads payloads) throws Exception {
        // filling the stream the rest of the run reads also warms up this JVM for the variants measured after it
        createStream(jsm, "src", RetentionPolicy.Limits, false);
        Baselines.publish(noFlush, "src", messages, payloads, 4096);
        if (!parts.contains("publish")) {
            return;
        }
        measurePublish("publish async, window 4096", nc, payloads, 4096);
        for (int window : new int[] {1_000, 4_096, 20_000}) {
            measurePublish("publish async, window " + window + ", no forced flush", noFlush, payloads, window);
        }
        freshJvm("publish", "publish async, window 4096, no forced flush, fresh JVM", "pub");
    }

    /**
     * The baseline again in a JVM started as the CLI's is (cold JIT, the CLI's JVM options). Shown
     * beside the others, not taken as the baseline: that stays the fastest, as the issue defines it.
     */
    private void freshJvm(String part, String variant, String stream) throws Exception {
        Probe probe = start();
        ChildJvm.Result r = part.equals("drain")
                ? ChildJvm.runMain(FreshJvmBaseline.class, cliJvm, workDir, server.url(), "drain", stream, String.valueOf(messages))
                : ChildJvm.runMain(FreshJvmBaseline.class, cliJvm, workDir, server.url(), "publish", stream,
                        String.valueOf(messages), String.valueOf(size));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("the fresh-JVM " + part + " failed: " + r);
        }
        probe.stopAt(seconds(cliJson(r), r.wallSeconds()), messages);
        record(part, variant, probe, messages, (long) size * messages, "baseline", Double.NaN, 0, r);
    }

    private void measurePublish(String variant, Connection nc, Payloads payloads, int window) throws Exception {
        JetStreamManagement jsm = nc.jetStreamManagement();
        createStream(jsm, "pub", RetentionPolicy.Limits, false);
        Probe probe = start();
        Baselines.publish(nc, "pub", messages, payloads, window);
        double rate = probe.stop(messages);
        publishBaseline = Double.isNaN(publishBaseline) ? rate : Math.max(publishBaseline, rate);
        record("publish", variant, probe, messages, (long) size * messages, "baseline", Double.NaN, 0, null);
        jsm.deleteStream("pub");
    }

    private void drainPart(Connection nc) throws Exception {
        for (String variant : List.of("pull AckNone, 2 x 10000 in flight", "ordered push consumer")) {
            Probe probe = start();
            long bytes = variant.startsWith("pull")
                    ? Baselines.drainPull(nc, "src", messages, 10_000)
                    : Baselines.drainOrderedPush(nc, "src", "src.>", messages);
            double rate = probe.stop(messages);
            drainBaseline = Double.isNaN(drainBaseline) ? rate : Math.max(drainBaseline, rate);
            record("drain", variant, probe, messages, bytes, "baseline", Double.NaN, 0, null);
        }
        freshJvm("drain", "pull AckNone, 2 x 10000 in flight, fresh JVM", "src");
    }

    private Path snapshot(String stream, String codec, long count, double baseline, String baselineName) throws Exception {
        Path file = workDir.resolve(stream + "-" + size + "." + (codec.equals("json") ? "json" : "cbor.zst"));
        Files.deleteIfExists(file);
        Probe probe = start();
        ChildJvm.Result r = ChildJvm.run(jar, cliJvm, workDir, "-s", server.url(), "snapshot", stream, file.toString(),
                "--format", codec, "--json");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("snapshot failed: " + r);
        }
        JsonValue out = cliJson(r);
        probe.stopAt(seconds(out, r.wallSeconds()), count);
        checkCount(count, JsonValueUtils.readLong(out, "messages", -1), r);
        String part = stream.startsWith("wq") ? "workqueue" : "snapshot";
        record(part, "jetsnap snapshot " + stream + ", " + codec, probe, count,
                JsonValueUtils.readLong(out, "payload_bytes", 0), baselineName, baseline, Files.size(file), r);
        return file;
    }

    private void restore(String stream, String codec, Path file) throws Exception {
        Probe probe = start();
        ChildJvm.Result r = ChildJvm.run(jar, cliJvm, workDir, "-s", server.url(), "restore", stream, file.toString(), "--json");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("restore failed: " + r);
        }
        JsonValue out = cliJson(r);
        probe.stopAt(seconds(out, r.wallSeconds()), messages);
        checkCount(messages, JsonValueUtils.readLong(out, "restored_messages", -1), r);
        record("restore", "jetsnap restore, " + codec, probe, messages, (long) size * messages, "publish", publishBaseline,
                Files.size(file), r);
    }

    private void workQueuePart(Connection nc, Connection noFlush, JetStreamManagement jsm, Payloads payloads) throws Exception {
        boolean batchDirect = atLeast(serverVersion, 2, 11);
        for (String stream : batchDirect ? List.of("wq", "wqd") : List.of("wq")) {
            createStream(jsm, stream, RetentionPolicy.WorkQueue, stream.equals("wqd"));
            Baselines.publish(noFlush, stream, wqMessages, payloads, 4096);
            String note = stream.equals("wqd") ? " (allow_direct)" : "";
            Probe probe = start();
            long bytes = Baselines.perMessageGet(nc, stream, wqMessages);
            getBaseline = probe.stop(wqMessages);
            record("workqueue", "per-message STREAM.MSG.GET" + note, probe, wqMessages, bytes, "baseline", Double.NaN, 0, null);
            Path file = snapshot(stream, "cbor", wqMessages, getBaseline, "per-message get");
            Files.deleteIfExists(file);
            if (jsm.getStreamInfo(stream).getStreamState().getMsgCount() != wqMessages) {
                throw new IllegalStateException("the WorkQueue snapshot consumed messages of " + stream);
            }
            jsm.deleteStream(stream);
        }
    }

    private static void createStream(JetStreamManagement jsm, String name, RetentionPolicy retention, boolean allowDirect)
            throws Exception {
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(name + ".>").storageType(StorageType.File)
                .retentionPolicy(retention).allowDirect(allowDirect).build());
    }

    /** The CLI's --json answer: its last line (JVM options such as JFR may print before it). */
    private static JsonValue cliJson(ChildJvm.Result r) {
        String[] lines = r.out().split("\n");
        return JsonParser.parseUnchecked(lines[lines.length - 1]);
    }

    /** The time the CLI says the work took (without the JVM's start-up), else the wall time. */
    private static double seconds(JsonValue out, double wall) {
        JsonValue v = out.map == null ? null : out.map.get("duration_seconds");
        return v != null && v.number != null ? v.number.doubleValue() : wall;
    }

    private static void checkCount(long expected, long actual, ChildJvm.Result r) {
        if (expected != actual) {
            throw new IllegalStateException("expected " + expected + " messages, the CLI reported " + actual + ": " + r);
        }
    }

    /** Wall time, and the server's and this JVM's CPU time, over one measurement. */
    private final class Probe {
        final long started = System.nanoTime();
        final double serverCpu = server.cpuSeconds();
        final double ownCpu = ProcStat.cpuSeconds(ProcessHandle.current().pid());
        final double load = ProcStat.loadAverage();
        double seconds;
        double serverCpuUsed;
        double ownCpuUsed;
        double rate;

        double stop(long count) {
            return stopAt((System.nanoTime() - started) / 1e9, count);
        }

        /** Stops with the time the measured work took by its own account (a CLI run without JVM start-up). */
        double stopAt(double workSeconds, long count) {
            double wall = (System.nanoTime() - started) / 1e9;
            seconds = workSeconds;
            serverCpuUsed = (server.cpuSeconds() - serverCpu) / wall;
            ownCpuUsed = (ProcStat.cpuSeconds(ProcessHandle.current().pid()) - ownCpu) / wall;
            rate = count / seconds;
            return rate;
        }
    }

    private Probe start() {
        return new Probe();
    }

    private void record(String part, String variant, Probe p, long count, long payloadBytes, String baselineName,
                        double baseline, long fileBytes, ChildJvm.Result child) throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("commit", options.getOrDefault("commit", "unknown"));
        row.put("date", Instant.now().toString());
        row.put("server_version", serverVersion);
        row.put("messages", count);
        row.put("payload_size", size);
        row.put("part", part);
        row.put("variant", variant);
        row.put("seconds", round(p.seconds, 3));
        row.put("msgs_per_s", Math.round(p.rate));
        row.put("mb_per_s", round(payloadBytes / 1e6 / p.seconds, 1));
        row.put("baseline", baselineName);
        row.put("ratio", Double.isNaN(baseline) ? null : round(p.rate / baseline, 3));
        row.put("file_bytes", fileBytes == 0 ? null : fileBytes);
        row.put("wall_seconds", child == null ? null : round(child.wallSeconds(), 2));
        row.put("peak_heap_mb", child == null ? null : round(child.peakHeapMb(), 1));
        row.put("max_rss_mb", child == null ? null : round(child.maxRssMb(), 1));
        row.put("client_cpu", child == null ? round(p.ownCpuUsed, 2) : round(child.cpuSeconds() / child.wallSeconds(), 2));
        row.put("server_cpu", round(p.serverCpuUsed, 2));
        row.put("load_before", p.load);
        row.put("cli_jvm", child == null ? null : String.join(" ", cliJvm));
        row.put("cores", Runtime.getRuntime().availableProcessors());
        rows.add(row);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, json(row) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.printf(Locale.ROOT, "   %-9s %-55s %9.0f msg/s %7.1f MB/s  x%s%n", part, variant, p.rate,
                payloadBytes / 1e6 / p.seconds, Double.isNaN(baseline) ? "-" : String.format(Locale.ROOT, "%.2f", p.rate / baseline));
    }

    private void printTable() {
        System.out.println();
        System.out.println("| server | size | part | variant | msg/s | MB/s | ratio | vs | file MB | peak heap MB | max RSS MB | client CPU | server CPU |");
        System.out.println("|---|---:|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        for (Map<String, Object> r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.get("server_version"), r.get("payload_size"), r.get("part"), r.get("variant"), r.get("msgs_per_s"),
                    r.get("mb_per_s"), dash(r.get("ratio")), r.get("baseline"),
                    r.get("file_bytes") == null ? "-" : String.format(Locale.ROOT, "%.1f", ((Long) r.get("file_bytes")) / 1e6),
                    dash(r.get("peak_heap_mb")), dash(r.get("max_rss_mb")), dash(r.get("client_cpu")), dash(r.get("server_cpu")));
        }
        System.out.println("results appended to " + results.toAbsolutePath());
    }

    private static String dash(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static Object round(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return java.math.BigDecimal.valueOf(v).setScale(places, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static String json(Map<String, Object> row) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            b.append(v == null ? "null" : v instanceof String s ? new JsonValue(s).toJson() : v.toString());
        }
        return b.append('}').toString();
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] p = version.split("[.-]");
        int ma = Integer.parseInt(p[0]);
        int mi = p.length > 1 ? Integer.parseInt(p[1]) : 0;
        return ma > major || ma == major && mi >= minor;
    }

    private static String require(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + "=... is required");
        }
        return v;
    }
}
