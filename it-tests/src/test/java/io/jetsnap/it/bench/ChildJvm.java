package io.jetsnap.it.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the CLI jar in a JVM of its own, as a user would, and measures it from outside: wall time,
 * CPU time and peak RSS (through {@code /usr/bin/time}), and peak heap (the largest heap in use
 * before any collection, from the JVM's own GC log).
 */
final class ChildJvm {
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final File TIME = new File("/usr/bin/time");

    record Result(int exitCode, String out, String err, double wallSeconds, double cpuSeconds, double maxRssMb,
                  double peakHeapMb) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private ChildJvm() {
    }

    static Result run(Path jar, List<String> jvmOptions, Path workDir, String... args) throws Exception {
        return launch(List.of("-jar", jar.toString()), jvmOptions, workDir, args);
    }

    /** Runs {@code mainClass} from this JVM's own class path, in the same way. */
    static Result runMain(Class<?> mainClass, List<String> jvmOptions, Path workDir, String... args) throws Exception {
        return launch(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()), jvmOptions, workDir, args);
    }

    private static Result launch(List<String> what, List<String> jvmOptions, Path workDir, String... args) throws Exception {
        Path gcLog = Files.createTempFile(workDir, "gc-", ".log");
        Path timeOut = Files.createTempFile(workDir, "time-", ".txt");
        Path out = Files.createTempFile(workDir, "out-", ".txt");
        Path err = Files.createTempFile(workDir, "err-", ".txt");
        List<String> cmd = new ArrayList<>();
        boolean timed = TIME.canExecute();
        if (timed) {
            cmd.addAll(List.of(TIME.getPath(), "-f", "%M %U %S", "-o", timeOut.toString()));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Xlog:gc:file=" + gcLog);
        cmd.addAll(what);
        cmd.addAll(List.of(args));
        long started = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the child JVM did not finish: " + cmd);
        }
        double wall = (System.nanoTime() - started) / 1e9;
        double rss = Double.NaN;
        double cpu = Double.NaN;
        if (timed) {
            String[] t = lastLine(Files.readString(timeOut)).split(" ");
            if (t.length == 3) {
                rss = Long.parseLong(t[0]) / 1024.0;
                cpu = Double.parseDouble(t[1]) + Double.parseDouble(t[2]);
            }
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                Files.readString(err, StandardCharsets.UTF_8).strip(), wall, cpu, rss, peakHeapMb(gcLog));
        for (Path f : List.of(gcLog, timeOut, out, err)) {
            Files.deleteIfExists(f);
        }
        return r;
    }

    private static double peakHeapMb(Path gcLog) throws java.io.IOException {
        double peak = 0;
        Matcher m = GC_HEAP.matcher(Files.readString(gcLog));
        while (m.find()) {
            peak = Math.max(peak, mb(m.group(1), m.group(2)));
        }
        return peak;
    }

    private static double mb(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
