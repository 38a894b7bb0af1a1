package io.jetsnap.format.cbor;

import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.SnapshotMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Messages like those of a real orders stream, made one at a time from a seed: JSON events of
 * about 1 KiB with varying ids, amounts, items and times, a message id header, and subjects by
 * event type and region. The same seed makes the same messages.
 */
final class OrderEvents {
    private static final String[] TYPES = {"created", "paid", "packed", "shipped", "delivered", "cancelled"};
    private static final String[] REGIONS = {"eu", "us", "apac"};
    private static final String[] FIRST = {"Maria", "Jonas", "Aiko", "Liam", "Sofia", "Mateo", "Chloé", "Noah",
        "Emma", "Lukas", "Yuki", "Olivia"};
    private static final String[] LAST = {"Keller", "Schmidt", "Tanaka", "Dubois", "García", "Rossi", "Novak",
        "Jensen", "Müller", "Silva"};
    private static final String[] PRODUCTS = {"Wireless Mouse", "USB-C Cable 2m", "Mechanical Keyboard",
        "27\\\" Monitor", "Laptop Stand", "Noise-Cancelling Headphones", "Webcam 1080p", "Desk Lamp",
        "Ergonomic Chair", "Phone Case", "Portable SSD 1TB", "HDMI Adapter"};
    private static final String[] CITIES = {"Berlin", "Paris", "Madrid", "Rome", "Vienna", "Boston", "Austin",
        "Tokyo", "Sydney", "Toronto"};
    private static final String[] CURRENCIES = {"EUR", "USD", "JPY", "AUD"};
    private static final String[] METHODS = {"standard", "express", "pickup"};
    private static final String[] SOURCES = {"web", "ios", "android", "pos"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "okhttp/4.12.0 shop-android/7.3.1"};

    private final Random random;
    private final StringBuilder text = new StringBuilder(2048);
    private long sequence;
    private long nanos = 1_764_000_000_000_000_000L;

    OrderEvents(long seed) {
        this.random = new Random(seed);
    }

    SnapshotMessage next() {
        sequence++;
        nanos += random.nextInt(2_000_000);
        Instant time = Instant.ofEpochSecond(nanos / 1_000_000_000, nanos % 1_000_000_000);
        String type = TYPES[random.nextInt(TYPES.length)];
        String orderId = "ord_" + hex(10);
        byte[] payload = payload(type, orderId, time);
        return new SnapshotMessage(sequence, "orders." + type + "." + REGIONS[random.nextInt(REGIONS.length)],
                HeaderBlock.ofLines(List.of(new MessageHeader("Nats-Msg-Id", orderId + "-" + type))), payload, time);
    }

    private byte[] payload(String type, String orderId, Instant time) {
        StringBuilder t = text;
        t.setLength(0);
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        t.append("{\"type\":\"order.").append(type).append("\",\"order_id\":\"").append(orderId)
                .append("\",\"customer\":{\"id\":\"cus_").append(100_000 + random.nextInt(900_000))
                .append("\",\"name\":\"").append(first).append(' ').append(last)
                .append("\",\"email\":\"").append(first.toLowerCase()).append('.').append(last.toLowerCase())
                .append(random.nextInt(100)).append("@example.com\",\"tier\":\"")
                .append(random.nextInt(4) == 0 ? "gold" : "standard").append("\"},\"items\":[");
        long subtotal = 0;
        for (int i = 0, items = 2 + random.nextInt(6); i < items; i++) {
            long cents = 199 + random.nextInt(50_000);
            int quantity = 1 + random.nextInt(3);
            subtotal += cents * quantity;
            t.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10_000 + random.nextInt(90_000))
                    .append("\",\"name\":\"").append(PRODUCTS[random.nextInt(PRODUCTS.length)])
                    .append("\",\"qty\":").append(quantity).append(",\"unit_price\":\"");
            money(cents).append("\"}");
        }
        long tax = subtotal * 19 / 100;
        t.append("],\"currency\":\"").append(CURRENCIES[random.nextInt(CURRENCIES.length)]).append("\",\"subtotal\":\"");
        money(subtotal).append("\",\"tax\":\"");
        money(tax).append("\",\"total\":\"");
        money(subtotal + tax).append("\",\"shipping\":{\"method\":\"").append(METHODS[random.nextInt(METHODS.length)])
                .append("\",\"address\":{\"street\":\"").append(1 + random.nextInt(200)).append(" Main Street\",")
                .append("\"city\":\"").append(CITIES[random.nextInt(CITIES.length)]).append("\",\"postcode\":\"")
                .append(10_000 + random.nextInt(90_000)).append("\"}},\"created_at\":\"").append(time)
                .append("\",\"source\":\"").append(SOURCES[random.nextInt(SOURCES.length)])
                .append("\",\"session_id\":\"").append(hex(8)).append('-').append(hex(4)).append('-')
                .append(hex(4)).append('-').append(hex(4)).append('-').append(hex(12))
                .append("\",\"user_agent\":\"").append(AGENTS[random.nextInt(AGENTS.length)])
                .append("\",\"ip\":\"").append(random.nextInt(224)).append('.').append(random.nextInt(256)).append('.')
                .append(random.nextInt(256)).append('.').append(random.nextInt(256))
                .append("\",\"trace_id\":\"").append(hex(32)).append("\",\"attempt\":").append(1 + random.nextInt(3))
                .append('}');
        return t.toString().getBytes(StandardCharsets.UTF_8);
    }

    private StringBuilder money(long cents) {
        return text.append(cents / 100).append('.').append((char) ('0' + cents / 10 % 10)).append((char) ('0' + cents % 10));
    }

    private String hex(int digits) {
        char[] c = new char[digits];
        for (int i = 0; i < digits; i++) {
            c[i] = Character.forDigit(random.nextInt(16), 16);
        }
        return new String(c);
    }
}
