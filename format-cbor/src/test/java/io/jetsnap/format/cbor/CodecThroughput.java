package io.jetsnap.format.cbor;

import io.jetsnap.core.contract.SampleSnapshots;
import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.ManifestWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How fast each codec writes and reads a snapshot of order events, and how large its file is. Not
 * a test: a program to run by hand (see docs/benchmarks.md), with the test classpath.
 *
 * <pre>
 * CodecThroughput [--rounds=N] [messages] [variant ...]
 *   --rounds  how often to measure each variant (default 3); the median is shown
 *   messages  how many ~1 KiB order events (default 1,000,000); made on the fly from a fixed seed
 *   variant   a codec name, optionally with options: cbor:zstd.level=1,zstd.workers=2
 *             (default: every codec on the classpath, with its default options)
 * </pre>
 *
 * <p>Each variant first runs once on a tenth of the messages to warm up. Then, round after round,
 * each writes all of them to a file in a temporary directory (buffered as the filesystem store
 * buffers) and reads the file back: header, every message, trailer. Making the messages takes time
 * too; each round measures it alone and subtracts it from the write times. Speeds are payload
 * megabytes (10^6 bytes) per second.
 */
public final class CodecThroughput {
    private static final long SEED = 20261129;
    private static final int BUFFER_BYTES = 1 << 16;

    private CodecThroughput() {
    }

    /** A codec and the options to write with. */
    private record Variant(ManifestCodec codec, Map<String, String> options) {
        String label() {
            return options.isEmpty() ? codec.name() : codec.name() + " " + options;
        }
    }

    /** What one run of one variant measured; the write time is without making the messages once that is subtracted. */
    private record Result(Variant variant, long fileBytes, long writeNanos, long readNanos) {
    }

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>(List.of(args));
        int rounds = 3;
        if (!rest.isEmpty() && rest.get(0).startsWith("--rounds=")) {
            rounds = Integer.parseInt(rest.remove(0).substring("--rounds=".length()));
        }
        int count = rest.isEmpty() ? 1_000_000 : Integer.parseInt(rest.remove(0).replace("_", "").replace(",", ""));
        List<Variant> variants = variants(rest);
        Path dir = Files.createTempDirectory("jetsnap-throughput");
        try {
            long payloadBytes = payloadBytes(count);
            System.out.printf(Locale.ROOT, "%,d order events, %,.1f MB of payload (%,d bytes each on average);"
                            + " %d CPUs, max heap %,d MiB, %s %s; median of %d rounds%n", count, payloadBytes / 1e6,
                    payloadBytes / count, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), rounds);
            for (Variant v : variants) {
                run(v, Math.max(count / 10, 1), dir);
            }
            List<List<Result>> measured = new ArrayList<>();
            long[] generations = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                long generation = generationNanos(count);
                generations[round] = generation;
                List<Result> results = new ArrayList<>();
                for (Variant v : variants) {
                    Result r = run(v, count, dir);
                    results.add(new Result(v, r.fileBytes(), r.writeNanos() - generation, r.readNanos()));
                }
                measured.add(results);
            }
            Arrays.sort(generations);
            System.out.printf(Locale.ROOT, "making the messages alone takes %.2f s, not counted in the write times%n",
                    generations[rounds / 2] / 1e9);
            print(medians(measured), payloadBytes);
        } finally {
            deleteAll(dir);
        }
    }

    /** Deletes the temporary directory; a failure to do so is only reported, so it hides no earlier error. */
    private static void deleteAll(Path dir) {
        try (var left = Files.list(dir)) {
            for (Path p : left.toList()) {
                Files.delete(p);
            }
            Files.delete(dir);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    /** Per variant, the file size and the median write and read times over the rounds. */
    private static List<Result> medians(List<List<Result>> rounds) {
        List<Result> medians = new ArrayList<>();
        for (int i = 0; i < rounds.get(0).size(); i++) {
            int variant = i;
            long[] writes = rounds.stream().mapToLong(r -> r.get(variant).writeNanos()).sorted().toArray();
            long[] reads = rounds.stream().mapToLong(r -> r.get(variant).readNanos()).sorted().toArray();
            Result first = rounds.get(0).get(i);
            medians.add(new Result(first.variant(), first.fileBytes(), writes[writes.length / 2], reads[reads.length / 2]));
        }
        return medians;
    }

    private static List<Variant> variants(List<String> args) {
        Codecs codecs = Codecs.load();
        List<Variant> variants = new ArrayList<>();
        for (String arg : args) {
            String[] nameAndOptions = arg.split(":", 2);
            Map<String, String> options = new LinkedHashMap<>();
            if (nameAndOptions.length == 2) {
                for (String option : nameAndOptions[1].split(",")) {
                    String[] kv = option.split("=", 2);
                    options.put(kv[0], kv.length == 2 ? kv[1] : "");
                }
            }
            variants.add(new Variant(codecs.byName(nameAndOptions[0]), options));
        }
        if (variants.isEmpty()) {
            for (ManifestCodec codec : codecs.all()) {
                variants.add(new Variant(codec, Map.of()));
            }
        }
        return variants;
    }

    private static Result run(Variant v, int count, Path dir) throws IOException {
        Path file = dir.resolve("snapshot." + v.codec().fileExtension());
        System.gc();
        long started = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES);
             ManifestWriter writer = v.codec().newWriter(out, v.options())) {
            writer.writeHeader(SampleSnapshots.header());
            OrderEvents events = new OrderEvents(SEED);
            long payloadBytes = 0;
            for (int i = 0; i < count; i++) {
                SnapshotMessage m = events.next();
                payloadBytes += m.payload().length;
                writer.writeMessage(m);
            }
            // the digest is the engine's work, not the codec's: a placeholder will do
            writer.writeTrailer(new SnapshotTrailer(count, payloadBytes, ManifestDigest.ALGORITHM_PREFIX + "0".repeat(64)));
        }
        long written = System.nanoTime();
        System.gc();
        long readStarted = System.nanoTime();
        long messages = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
             ManifestReader reader = v.codec().newReader(in)) {
            reader.readHeader();
            while (reader.nextMessage() != null) {
                messages++;
            }
            if (reader.readTrailer().messageCount() != messages || messages != count) {
                throw new IllegalStateException(v.label() + " read back " + messages + " of " + count + " messages");
            }
        }
        long read = System.nanoTime();
        long size = Files.size(file);
        Files.delete(file);
        return new Result(v, size, written - started, read - readStarted);
    }

    private static long payloadBytes(int count) {
        OrderEvents events = new OrderEvents(SEED);
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += events.next().payload().length;
        }
        return bytes;
    }

    private static long generationNanos(int count) {
        long started = System.nanoTime();
        payloadBytes(count);
        return System.nanoTime() - started;
    }

    private static void print(List<Result> results, long payloadBytes) {
        long jsonBytes = results.stream().filter(r -> r.variant().codec().name().equals("json"))
                .mapToLong(Result::fileBytes).findFirst().orElse(0);
        System.out.printf(Locale.ROOT, "%-40s %12s %9s %9s %11s %9s %11s%n", "codec", "file MB", "vs json",
                "write s", "write MB/s", "read s", "read MB/s");
        for (Result r : results) {
            double writeSeconds = r.writeNanos() / 1e9;
            double readSeconds = r.readNanos() / 1e9;
            System.out.printf(Locale.ROOT, "%-40s %,12.1f %9s %9.2f %,11.0f %9.2f %,11.0f%n", r.variant().label(),
                    r.fileBytes() / 1e6, jsonBytes == 0 ? "-" : String.format(Locale.ROOT, "1/%.1f",
                            (double) jsonBytes / r.fileBytes()),
                    writeSeconds, payloadBytes / 1e6 / writeSeconds, readSeconds, payloadBytes / 1e6 / readSeconds);
        }
    }
}
