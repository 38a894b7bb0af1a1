package io.jetsnap.cli;

import io.jetsnap.core.Counted;
import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.RestoreRequest;
import io.nats.client.support.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Read a whole snapshot and check every message, the count and the digest. Exit 0 only if it is intact.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED, Cli.EXIT_USAGE, Cli.EXIT_SIGINT, Cli.EXIT_SIGTERM})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    SnapshotChoice choice;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Jetsnap.Verification v = common.jetsnap().verify(choice.location(common.jetsnap()));
        if (common.json) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("location", new JsonValue(v.location()));
            m.put("ok", JsonValue.TRUE);
            m.put("stream", new JsonValue(v.summary().header().stream()));
            m.put("codec", new JsonValue(v.codec()));
            m.put("messages", new JsonValue(v.summary().trailer().messageCount()));
            m.put("payload_bytes", new JsonValue(v.summary().trailer().payloadBytes()));
            m.put("digest", new JsonValue(v.summary().trailer().digest()));
            m.put("missing_sequences", new JsonValue(v.missingSequences()));
            common.out().println(Output.json(m));
        } else {
            common.out().printf("OK %s: stream %s, %s, %s of payload, digest %s%n", v.location(),
                    v.summary().header().stream(), Counted.of(v.summary().trailer().messageCount(), "message"),
                    Output.bytes(v.summary().trailer().payloadBytes()), v.summary().trailer().digest());
            if (v.missingSequences() > RestoreRequest.DEFAULT_MAX_PLACEHOLDERS) {
                common.out().printf("  warning: %d sequences hold no message; a publishing restore fills each with a "
                        + "placeholder and refuses more than %d unless --max-placeholders raises the bound%n",
                        v.missingSequences(), RestoreRequest.DEFAULT_MAX_PLACEHOLDERS);
            } else if (v.missingSequences() == 1) {
                common.out().println("  1 sequence holds no message (a publishing restore fills it with a placeholder)");
            } else if (v.missingSequences() > 0) {
                common.out().printf("  %d sequences hold no message (a publishing restore fills each with a placeholder)%n",
                        v.missingSequences());
            }
        }
        return Cli.OK;
    }
}
