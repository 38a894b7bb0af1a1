package io.jetsnap.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.cli.Main;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the CLI, with its exit code and both outputs: in-process through its entry point with
 * an environment map (S3 settings and credentials are given the way users give them, as
 * {@code JETSNAP_S3_*} and {@code AWS_*} variables in that map), or as a JVM of its own (with a
 * small heap, or the jar as it ships).
 */
public record CliRun(int exitCode, String out, String err) {
    /** In-process, with only {@code NATS_URL} in the environment. */
    public static CliRun run(String serverUrl, String... args) {
        return run(Map.of("NATS_URL", serverUrl), args);
    }

    /** In-process with exactly this environment (no HOME: no nats context is read unless the environment says where). */
    public static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Asserts the run failed with {@code exitCode} and one line on stderr, no stack trace. */
    public static void assertOneLineFailure(CliRun run, int exitCode) {
        assertEquals(exitCode, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("jetsnap: "), run::toString);
        assertEquals(1, run.err().strip().lines().count(), () -> "one line: " + run);
        assertFalse(run.err().contains("\tat "), () -> "no stack trace: " + run);
    }

    /**
     * The CLI in a JVM of its own, on this test's class path, with {@code env} added to an
     * environment that holds no AWS_* or JETSNAP_S3_* variable of its own.
     */
    public static CliRun runJvm(List<String> jvmOptions, Map<String, String> env, Duration timeout, String... args)
            throws IOException, InterruptedException {
        try (Running running = startJvm(jvmOptions, env, args)) {
            return running.awaitEnd(timeout, args);
        }
    }

    /**
     * The CLI as it ships (the {@code cli} module's {@code -all} jar, alone on the class path) in a
     * JVM of its own. The test class path holds some two hundred jars (S3Proxy, Testcontainers, cloud
     * SDKs) whose zip directories alone take several MiB of heap once a service lookup opens them,
     * so a heap limit means something only for the jar users run.
     */
    public static CliRun runShippedJvm(List<String> jvmOptions, Duration timeout, String... args)
            throws IOException, InterruptedException {
        return runShippedJvm(jvmOptions, Map.of(), timeout, args);
    }

    /** As {@link #runShippedJvm(List, Duration, String...)}, with {@code env} added as {@link #runJvm} adds it. */
    public static CliRun runShippedJvm(List<String> jvmOptions, Map<String, String> env, Duration timeout, String... args)
            throws IOException, InterruptedException {
        try (Running running = startJvm(List.of(), shippedJar(), jvmOptions, env, args)) {
            return running.awaitEnd(timeout, args);
        }
    }

    /** The {@code cli} module's {@code -all} jar, as users run it (system property {@code jetsnap.cli.jar}). */
    public static String shippedJar() {
        String jar = System.getProperty("jetsnap.cli.jar", "");
        if (jar.isEmpty() || !Files.isRegularFile(Path.of(jar))) {
            throw new AssertionError("the CLI's -all jar is not at '" + jar + "' (system property jetsnap.cli.jar): build "
                    + "the cli module first (mvn install)");
        }
        return jar;
    }

    /** A CLI JVM started by {@link #startJvm}: its process and what it has written so far. */
    public record Running(Process process, Path outFile, Path errFile) implements AutoCloseable {
        /** Waits (at most a minute) until {@code condition} holds or the CLI has ended. */
        public void awaitOrEnd(java.util.function.BooleanSupplier condition) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!condition.getAsBoolean() && process.isAlive()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out; the CLI said: " + err());
                }
                Thread.sleep(5);
            }
        }

        /** The run once the CLI has ended: its exit code and all it wrote (call it after the process ended). */
        public CliRun result() throws IOException {
            return new CliRun(process.exitValue(), out(), err());
        }

        public String out() throws IOException {
            return Files.readString(outFile, StandardCharsets.UTF_8);
        }

        public String err() throws IOException {
            return Files.readString(errFile, StandardCharsets.UTF_8);
        }

        /** Kills the JVM if it still runs (SIGKILL) and removes the output files. */
        @Override
        public void close() throws IOException {
            if (process.isAlive()) {
                try {
                    process.destroyForcibly().waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }

        private CliRun awaitEnd(Duration timeout, String... args) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the CLI did not finish within " + timeout + ": " + String.join(" ", args)
                        + "\n--- stderr\n" + err());
            }
            return result();
        }
    }

    /** Starts the CLI in a JVM of its own, as {@link #runJvm} does, without waiting for it. */
    public static Running startJvm(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        return startJvm(List.of(), jvmOptions, env, args);
    }

    /**
     * As {@link #startJvm(List, Map, String...)}, the {@code java} command run by {@code launcher}
     * (e.g. {@code /usr/bin/env --default-signal=INT,TERM}, which execs it as the same process).
     */
    public static Running startJvm(List<String> launcher, List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException {
        return startJvm(launcher, System.getProperty("java.class.path"), jvmOptions, env, args);
    }

    private static Running startJvm(List<String> launcher, String classPath, List<String> jvmOptions, Map<String, String> env,
                                    String... args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("jetsnap-cli", ".out");
        Path err = Files.createTempFile("jetsnap-cli", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JETSNAP_S3_"));
        builder.environment().putAll(env);
        return new Running(builder.start(), out, err);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
