// The quickstart's stand-in for an application: creates the `orders` stream, publishes orders and
// lists what the stream holds. Run as a single source file with the jetsnap jar (which contains
// jnats) on the class path: java -cp cli/target/jetsnap-cli-*-all.jar .ci/QuickstartOrders.java ...
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;

public class QuickstartOrders {
    public static void main(String[] args) throws Exception {
        try (Connection nc = Nats.connect(System.getenv("NATS_URL"))) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            switch (args[0]) {
                case "create" -> {
                    StreamConfiguration.Builder b = StreamConfiguration.builder().name("orders").subjects("orders");
                    if (args.length > 1 && args[1].equals("--limits")) {
                        b.maxMessages(10).maxBytes(10_000);
                    }
                    jsm.addStream(b.build());
                }
                case "delete" -> jsm.deleteStream("orders");
                case "publish" -> {
                    for (int i = 1; i < args.length; i++) {
                        nc.jetStream().publish("orders", args[i].getBytes(StandardCharsets.UTF_8));
                    }
                }
                case "show" -> {
                    StreamInfo info = jsm.getStreamInfo("orders");
                    StreamConfiguration c = info.getConfiguration();
                    System.out.printf("  stream orders: max_msgs=%d max_bytes=%d, %d messages%n",
                            c.getMaxMsgs(), c.getMaxBytes(), info.getStreamState().getMsgCount());
                    long seq = info.getStreamState().getFirstSequence();
                    for (long n = 0; n < info.getStreamState().getMsgCount(); n++) {
                        MessageInfo m = jsm.getNextMessage("orders", seq, ">");
                        System.out.printf("    #%d %s: %s%n", m.getSeq(), m.getSubject(), new String(m.getData(), StandardCharsets.UTF_8));
                        seq = m.getSeq() + 1;
                    }
                }
                default -> throw new IllegalArgumentException("unknown step " + args[0]);
            }
        }
    }
}
