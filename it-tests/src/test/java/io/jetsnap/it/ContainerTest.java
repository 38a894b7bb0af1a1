package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.RandomFill;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container files as they ship (docs/deploy: the Dockerfile, its entry point {@code jetsnap},
 * the script {@code jetsnap-nightly}; the root .dockerignore) and the README's Kubernetes CronJob:
 * the Dockerfile copies exactly the jar the build makes, the README shows the script and command
 * that ship, and the CronJob's command and the image's entry point, each run as PID 1 of a PID
 * namespace of its own as a container runtime runs them ({@code unshare --pid --fork}, where this
 * machine allows it), stop with exit 143 and nothing left behind when SIGTERM comes halfway through
 * a snapshot, while the form the README used to show ({@code sh -c} with a script of several
 * commands) ignores SIGTERM. No Docker engine is needed: the files run on the host, the JVM from the
 * shipped {@code -all} jar.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContainerTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEPLOY = REPO.resolve("docs/deploy");
    private static final String STREAM = "nightly";
    private static final int MESSAGES = 12_000;
    private static final int PAYLOAD = 8 * 1024; // ~94 MiB: a snapshot takes seconds, long enough to stop midway
    /** The README's CronJob script before it passed signals on: a shell of several commands as PID 1. */
    private static final String SHELL_WITHOUT_EXEC = """
            status=0
            jetsnap snapshot --all --format cbor "$JETSNAP_TARGET" || status=$?
            exit "$status"
            """;

    private static TestNatsServer server;
    private static Connection nc;
    @TempDir
    static Path bin;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestNatsServer.start();
        nc = server.connect();
        RandomFill.stream(nc, STREAM, MESSAGES, PAYLOAD, 8, 15);
        // the image's /usr/local/bin, from the files the Dockerfile copies there
        for (String file : List.of("jetsnap", "jetsnap-nightly")) {
            Files.copy(DEPLOY.resolve(file), bin.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            assertTrue(Files.isExecutable(bin.resolve(file)), file + " is executable in the repository");
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        nc.close();
        server.close();
    }

    @Test
    void theDockerfileCopiesExactlyTheJarTheBuildMakesAndTheDockerignoreLetsItThrough() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        Matcher version = Pattern.compile("(?m)^ARG JETSNAP_VERSION=(\\S+)$").matcher(dockerfile);
        assertTrue(version.find(), "the Dockerfile has ARG JETSNAP_VERSION with a default");
        List<String> sources = new ArrayList<>();
        Matcher copy = Pattern.compile("(?m)^COPY (.+) (\\S+)$").matcher(dockerfile);
        while (copy.find()) {
            for (String source : copy.group(1).split(" ")) {
                sources.add(source.replace("${JETSNAP_VERSION}", version.group(1)));
            }
        }
        String jar = Path.of(CliRun.shippedJar()).getFileName().toString();
        assertTrue(sources.contains("cli/target/" + jar), () -> "copies " + jar + ": " + sources);
        List<PathMatcher> allowed = Files.readAllLines(REPO.resolve(".dockerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> FileSystems.getDefault().getPathMatcher("glob:" + l.substring(1))).toList();
        for (String source : sources) {
            assertFalse(source.contains("*"), () -> "no glob, which could match several files: " + source);
            assertTrue(Files.isRegularFile(REPO.resolve(source)), () -> source + " exists");
            assertTrue(allowed.stream().anyMatch(m -> m.matches(Path.of(source))), () -> ".dockerignore lets " + source + " through");
        }
    }

    @Test
    void theReadmeShowsTheScriptAndTheCommandThatShip() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        String script = Files.readString(DEPLOY.resolve("jetsnap-nightly"));
        assertTrue(readme.contains("```sh\n" + script + "```"), "the README shows docs/deploy/jetsnap-nightly as it is");
        Matcher command = Pattern.compile("(?m)^\\s+command: \\[\"([^\"]+)\"\\]").matcher(readme);
        assertTrue(command.find(), "the CronJob has a command");
        assertEquals("/usr/local/bin/jetsnap-nightly", command.group(1));
        assertFalse(command.find(), "one command in the README");
        assertTrue(Files.readString(DEPLOY.resolve("Dockerfile")).contains("COPY docs/deploy/jetsnap docs/deploy/jetsnap-nightly /usr/local/bin/"));
    }

    @Test
    void theCronJobCommandAsPid1StopsTheSnapshotOnSigterm(@TempDir Path target) throws Exception {
        stopsOnSigterm(target, List.of(bin.resolve("jetsnap-nightly").toString()));
    }

    @Test
    void theImageEntryPointAsPid1StopsTheSnapshotOnSigterm(@TempDir Path target) throws Exception {
        stopsOnSigterm(target, List.of(bin.resolve("jetsnap").toString(), "snapshot", "--all", "--format", "cbor", target.toString()));
    }

    @Test
    void aShellOfSeveralCommandsAsPid1IgnoresSigterm(@TempDir Path target) throws Exception {
        Assumptions.assumeTrue(PID_NAMESPACES, "unshare --pid --fork is not allowed here: no PID 1 to test");
        try (Launched run = Launched.start(true, List.of("/bin/sh", "-c", SHELL_WITHOUT_EXEC), env(target))) {
            run.awaitPartialOver(target, 4 << 20);
            run.signal("TERM");
            assertTrue(run.process().waitFor(90, TimeUnit.SECONDS), "the snapshot ran to its end");
            assertEquals(0, run.process().exitValue(), run::toString);
            assertTrue(names(target).stream().anyMatch(n -> n.startsWith("jetsnap-index-")), () -> "the run went on: " + names(target));
        }
    }

    @Test
    void theNightlyScriptSnapshotsThenPrunes(@TempDir Path target) throws Exception {
        try (TestNatsServer small = TestNatsServer.start(); Connection smallNc = small.connect()) {
            RandomFill.stream(smallNc, "small", 10, 100, 2, 16);
            Map<String, String> env = env(target);
            env.put("NATS_URL", small.url());
            env.put("JETSNAP_KEEP_LAST", "1");
            env.put("JETSNAP_KEEP_WITHIN", "0s"); // no rule: keep-last alone
            for (int night = 1; night <= 2; night++) {
                try (Launched run = Launched.start(false, List.of(bin.resolve("jetsnap-nightly").toString()), env)) {
                    assertTrue(run.process().waitFor(90, TimeUnit.SECONDS), run::toString);
                    assertEquals(0, run.process().exitValue(), run::toString);
                }
            }
            List<String> left = names(target);
            assertEquals(2, left.size(), () -> "one snapshot and its index, the first night's pruned: " + left);
            assertTrue(left.stream().anyMatch(n -> n.startsWith("small-") && n.endsWith(".cbor.zst")), left::toString);
            assertTrue(left.stream().anyMatch(n -> n.startsWith("jetsnap-index-")), left::toString);
        }
    }

    private static void stopsOnSigterm(Path target, List<String> command) throws Exception {
        try (Launched run = Launched.start(PID_NAMESPACES, command, env(target))) {
            run.awaitPartialOver(target, 4 << 20);
            assertFalse(nc.jetStreamManagement().getConsumerNames(STREAM).isEmpty(), "the snapshot reads through a consumer");
            run.signal("TERM");
            // within the grace period the README gives (terminationGracePeriodSeconds: 30)
            assertTrue(run.process().waitFor(30, TimeUnit.SECONDS), () -> "ended within 30 s of SIGTERM: " + run);
            System.out.println("SIGTERM to " + command + (PID_NAMESPACES ? " as PID 1" : "") + ": " + run);
            assertEquals(143, run.process().exitValue(), run::toString);
            String err = run.err();
            assertTrue(err.startsWith("jetsnap: ") && err.contains("SIGTERM") && err.contains("nothing was written"), run::toString);
            assertEquals(List.of(), names(target), "no snapshot, no partial file, no index");
            assertEquals(List.of(), nc.jetStreamManagement().getConsumerNames(STREAM), "the snapshot's consumer is deleted");
        }
    }

    /** Whether this machine lets a test start a PID namespace of its own (root, or user namespaces allowed). */
    private static final boolean PID_NAMESPACES = pidNamespaces();

    private static boolean pidNamespaces() {
        try {
            Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--kill-child", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** What a container of the image sees: the image's /usr/local/bin first, the shipped jar, no credentials of the test's. */
    private static Map<String, String> env(Path target) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + File.pathSeparator + Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + "/usr/bin:/bin");
        env.put("JETSNAP_JAR", CliRun.shippedJar());
        env.put("JAVA_OPTS", "-Xmx64m");
        env.put("JETSNAP_PROGRESS", "none");
        env.put("NATS_URL", server.url());
        env.put("JETSNAP_TARGET", target.toString());
        env.put("HOME", target.getParent().toString());
        return env;
    }

    private static List<String> names(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A command run with exactly {@code env}, as PID 1 of a PID namespace of its own or as a plain child. */
    private record Launched(Process process, boolean asPid1, Path out, Path errFile) implements AutoCloseable {
        static Launched start(boolean asPid1, List<String> command, Map<String, String> env) throws IOException {
            List<String> full = new ArrayList<>();
            if (asPid1) {
                full.addAll(List.of("unshare", "--pid", "--fork", "--kill-child"));
            }
            full.addAll(command);
            Path out = Files.createTempFile("jetsnap-container", ".out");
            Path err = Files.createTempFile("jetsnap-container", ".err");
            ProcessBuilder builder = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            return new Launched(builder.start(), asPid1, out, err);
        }

        /** The process the runtime signals: the namespace's PID 1 (unshare's child), or the command itself. */
        long pid1() throws InterruptedException {
            if (!asPid1) {
                return process.pid();
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                var child = process.toHandle().children().findFirst();
                if (child.isPresent()) {
                    return child.get().pid();
                }
                Thread.sleep(5);
            }
            throw new AssertionError("unshare started no child");
        }

        void signal(String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid1())).inheritIO().start();
            assertEquals(0, kill.waitFor());
        }

        /** Waits (at most a minute) until a file in {@code dir} (the snapshot's hidden partial file) holds more than {@code bytes}. */
        void awaitPartialOver(Path dir, long bytes) throws Exception {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (names(dir).stream().noneMatch(n -> size(dir.resolve(n)) > bytes)) {
                assertTrue(process.isAlive(), this::toString);
                assertTrue(System.nanoTime() < deadline, this::toString);
                Thread.sleep(5);
            }
            assertNotEquals(List.of(), names(dir));
        }

        private static long size(Path p) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return 0;
            }
        }

        String err() throws IOException {
            return Files.readString(errFile, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            try {
                return (process.isAlive() ? "running" : "exit " + process.exitValue()) + "\n--- stdout\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + "--- stderr\n" + err();
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws IOException {
            if (process.isAlive()) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(errFile);
        }
    }
}
