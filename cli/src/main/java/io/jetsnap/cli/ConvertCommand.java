package io.jetsnap.cli;

import io.jetsnap.core.Counted;
import io.jetsnap.core.Jetsnap;
import io.nats.client.support.JsonValue;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Rewrite a snapshot with another codec, streaming; its content and digest stay the same.",
                "A snapshot of an older format version is rewritten in the current one, with a new digest.",
                "The source is verified as it is read; the target appears only if the source is intact."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED, Cli.EXIT_USAGE, Cli.EXIT_SIGINT, Cli.EXIT_SIGTERM})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The snapshot to convert (its format is detected).")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "Where to write the converted snapshot.")
    String target;

    @Mixin
    WriteOptions write;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Jetsnap.Conversion c = common.jetsnap(write.codecOptionMap()).convert(source, target, write.format, write.overwrite);
        if (common.json) {
            Map<String, JsonValue> m = Output.summaryJson(c.summary());
            m.put("from_codec", new JsonValue(c.fromCodec()));
            if (c.upgraded()) {
                m.put("from_format_version", new JsonValue(c.source().header().formatVersion()));
                m.put("from_digest", new JsonValue(c.source().trailer().digest()));
            }
            common.out().println(Output.json(Output.written(m, c.location(), c.toCodec(), c.sizeBytes(), c.duration())));
        } else {
            common.out().printf("converted %s (%s) -> %s (%s, %s): %s in %s%n  digest %s%n", source, c.fromCodec(),
                    c.location(), c.toCodec(), Output.bytes(c.sizeBytes()), Counted.of(c.summary().trailer().messageCount(), "message"),
                    Output.seconds(c.duration()), c.summary().trailer().digest());
            if (c.upgraded()) {
                common.out().printf("  rewritten from format version %d as %d: the source's digest was %s%n",
                        c.source().header().formatVersion(), c.summary().header().formatVersion(), c.source().trailer().digest());
            }
        }
        return Cli.OK;
    }
}
