package io.jetsnap.cli;

import io.jetsnap.core.Cancellation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the CLI does when it is told to stop (SIGTERM from Kubernetes, {@code docker stop} or
 * systemd; SIGINT from Ctrl-C): a JVM shutdown hook asks the work to stop ({@link Cancellation}),
 * which the engine does at its next message, running its cleanup (a snapshot discards its
 * partial file and deletes its consumer, a restore stops publishing and says what the target
 * holds); the hook waits for the command to have printed its one line, at most {@link #GRACE},
 * then lets the JVM end, with 143 after SIGTERM and 130 after SIGINT (128 + the signal's number,
 * the JVM's own exit status after a signal).
 *
 * <p>Which signal it was is only for the messages: the JVM's handlers for TERM and INT are
 * wrapped, through {@code sun.misc.Signal} (module {@code jdk.unsupported}), to note the name
 * before they start the shutdown as before. Where that is not available (a JVM run with
 * {@code -Xrs}) the messages say "a signal" and the shutdown is the JVM's as usual.
 */
final class SignalShutdown {
    /**
     * How long the hook waits for the command's cleanup: within {@code docker stop}'s 10 s and
     * Kubernetes' 30 s before they send SIGKILL.
     */
    static final Duration GRACE = Duration.ofSeconds(8);

    private final Cancellation cancellation = Cancellation.create();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String signal = "a signal";
    private volatile boolean stopping;

    private SignalShutdown() {
    }

    /** Installs the hook (and the signal names) for this JVM; once, from {@code main}. */
    static SignalShutdown install() {
        SignalShutdown shutdown = new SignalShutdown();
        shutdown.nameSignal("TERM");
        shutdown.nameSignal("INT");
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::stop, "jetsnap-shutdown"));
        return shutdown;
    }

    /** What the hook cancels: the work of this run. */
    Cancellation cancellation() {
        return cancellation;
    }

    /** The command has ended and said what it had to; the JVM may end. */
    void finished() {
        finished.countDown();
    }

    /**
     * Whether a signal is stopping the JVM: then {@code main} leaves the exit to it. Its own
     * {@code System.exit(1)}, once the hooks have run, would halt the JVM with 1 before the
     * signal's 143 or 130 (which it did, now and then, in SignalsTest).
     */
    boolean stopping() {
        return stopping;
    }

    private void stop() {
        if (finished.getCount() == 0) {
            return; // an ordinary exit
        }
        stopping = true;
        cancellation.cancel(signal);
        boolean done;
        try {
            done = finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            System.err.println("jetsnap: stopped by " + signal + "; the work did not finish cleaning up within "
                    + GRACE.toSeconds() + "s (a snapshot can leave a hidden .partial file and, for about 30 s, its "
                    + "consumer; a restore a partly restored stream, which the next restore of the snapshot recognises)");
        }
        System.out.flush();
        System.err.flush();
    }

    /**
     * Wraps the JVM's handler of {@code SIG<name>} so that the signal's name is known, then hands
     * the signal to it. Done reflectively: {@code sun.misc} is not part of the Java SE API, and
     * where it is missing or refuses the JVM's own handling stays as it is.
     */
    private void nameSignal(String name) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method handlerHandle = handlerClass.getMethod("handle", signalClass);
            Object jvmDefault = handlerClass.getField("SIG_DFL").get(null);
            Object ignore = handlerClass.getField("SIG_IGN").get(null);
            Object sig = signalClass.getConstructor(String.class).newInstance(name);
            Object[] previous = new Object[1];
            InvocationHandler naming = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    signal = "SIG" + name;
                    handlerHandle.invoke(previous[0], args[0]);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "jetsnap's SIG" + name + " handler";
            };
            Object ours = Proxy.newProxyInstance(SignalShutdown.class.getClassLoader(), new Class<?>[] {handlerClass}, naming);
            previous[0] = handle.invoke(null, sig, ours);
            if (previous[0] == jvmDefault || previous[0] == ignore) {
                // not the JVM's shutdown handler (an ignored SIGINT in a background job): leave it as it was
                handle.invoke(null, sig, previous[0]);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // the messages say "a signal"; the JVM still runs the hook and exits with 128 + the signal's number
        }
    }
}
