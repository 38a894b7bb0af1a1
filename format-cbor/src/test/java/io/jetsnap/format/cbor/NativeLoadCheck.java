package io.jetsnap.format.cbor;

import io.jetsnap.core.SnapshotException;
import java.io.OutputStream;

/**
 * Starts a CBOR writer and prints what became of it: {@code OK}, or the error code and message.
 * {@link CborManifestCodecTest} runs it in a JVM where zstd-jni cannot unpack its native library.
 */
public final class NativeLoadCheck {
    private NativeLoadCheck() {
    }

    public static void main(String[] args) throws Exception {
        try {
            new CborManifestCodec().newWriter(OutputStream.nullOutputStream()).close();
            System.out.println("OK");
        } catch (SnapshotException e) {
            System.out.println(e.code() + " " + e.getMessage());
        }
    }
}
