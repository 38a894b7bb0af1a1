package io.jetsnap.core;

/** Told how long work is going; called from the working thread, so keep it cheap. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, messages, bytes, totalMessages) -> { };

    /**
     * @param phase what is happening, e.g. "snapshot", "verify", "restore"
     * @param messages messages done so far in this phase
     * @param bytes payload bytes done so far in this phase
     * @param totalMessages messages expected in this phase, or -1 when unknown
     */
    void progress(String phase, long messages, long bytes, long totalMessages);
}
