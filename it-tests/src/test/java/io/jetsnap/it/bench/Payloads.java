package io.jetsnap.it.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Realistic JSON order events of exactly {@code size} bytes (ids, customers, items, amounts,
 * timestamps), seeded so every run publishes the same data. A pool of distinct events is made up
 * front and cycled, so making them costs nothing during a measurement; the pool is far larger
 * than zstd's window, so compression sees no repeats it would not see in real data.
 */
final class Payloads {
    private static final String[] CUSTOMERS = {"acme-gmbh", "globex", "initech", "umbrella", "hooli", "stark-industries",
            "wayne-enterprises", "wonka", "tyrell", "cyberdyne", "soylent", "vandelay"};
    private static final String[] SKUS = {"SKU-1001-RED", "SKU-2044-BLU", "SKU-3310-GRN", "SKU-0007-BLK", "SKU-9120-WHT",
            "SKU-5512-YEL", "SKU-4401-ORG", "SKU-7777-PNK"};
    private static final String[] STATES = {"created", "paid", "packed", "shipped", "delivered", "refunded"};
    private static final String[] CITIES = {"Berlin", "Lisbon", "Osaka", "Toronto", "Nairobi", "Lima", "Oslo", "Austin"};

    private final byte[][] pool;

    Payloads(int size, int distinct, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        pool = new byte[distinct][];
        for (int i = 0; i < distinct; i++) {
            pool[i] = event(random, i, size);
        }
    }

    byte[] get(long index) {
        return pool[(int) (index % pool.length)];
    }

    private static byte[] event(SplittableRandom r, int index, int size) {
        StringBuilder b = new StringBuilder(size + 256);
        b.append("{\"type\":\"order.").append(STATES[r.nextInt(STATES.length)]).append("\",\"order_id\":\"ord-")
                .append(Long.toHexString(r.nextLong() >>> 16)).append("\",\"seq\":").append(index)
                .append(",\"ts\":\"2026-11-").append(10 + r.nextInt(19)).append('T').append(10 + r.nextInt(13)).append(':')
                .append(10 + r.nextInt(49)).append(':').append(10 + r.nextInt(49)).append('.').append(100 + r.nextInt(899))
                .append("Z\",\"customer\":{\"id\":\"").append(CUSTOMERS[r.nextInt(CUSTOMERS.length)]).append('-')
                .append(r.nextInt(100_000)).append("\",\"city\":\"").append(CITIES[r.nextInt(CITIES.length)]).append("\"}");
        b.append(",\"items\":[");
        boolean first = true;
        // items until the event is about the size wanted; the last field pads it to exactly that
        while (b.length() < size - 90) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append("{\"sku\":\"").append(SKUS[r.nextInt(SKUS.length)]).append("\",\"qty\":").append(1 + r.nextInt(9))
                    .append(",\"price\":").append(r.nextInt(50_000) / 100.0).append('}');
        }
        b.append("],\"total\":").append(r.nextInt(1_000_000) / 100.0).append(",\"note\":\"");
        int pad = size - b.length() - 2;
        for (int i = 0; i < pad; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        b.append("\"}");
        byte[] bytes = b.toString().getBytes(StandardCharsets.US_ASCII);
        // small sizes: the skeleton alone is longer than wanted, so cut it (still JSON-like text)
        return bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
    }
}
