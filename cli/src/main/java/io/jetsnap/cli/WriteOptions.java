package io.jetsnap.cli;

import io.jetsnap.core.SnapshotException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a command that writes a snapshot encodes it. */
final class WriteOptions {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Codec to write with: json, cbor, or a plugin's (default: from the target's extension, else cbor; an extension of the other codec is refused).")
    String format;

    @Option(names = "--zstd-level", paramLabel = "N", description = "zstd compression level for the cbor codec (default 1; up to 19 for smaller, slower files; refused with json).")
    Integer zstdLevel;

    @Option(names = {"-O", "--codec-option"}, paramLabel = "KEY=VALUE",
            description = "A codec-specific option, e.g. zstd.workers=2 (repeatable).")
    List<String> codecOptions = List.of();

    @Option(names = "--overwrite",
            description = "Replace the TARGET file or object if it exists (without this, an existing one is refused; "
                    + "a name generated in a folder or prefix never replaces one, it gets a -2, -3, ... suffix).")
    boolean overwrite;

    Map<String, String> codecOptionMap() {
        Map<String, String> options = new LinkedHashMap<>();
        for (String kv : codecOptions) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw SnapshotException.badInput("--codec-option takes KEY=VALUE, not '" + kv + "'");
            }
            options.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        if (zstdLevel != null) {
            options.put("zstd.level", zstdLevel.toString());
        }
        return options;
    }
}
