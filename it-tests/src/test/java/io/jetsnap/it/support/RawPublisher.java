package io.jetsnap.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Publishes into JetStream with exactly the header bytes given, over a NATS socket of its own
 * ({@code HPUB}, TLS where a context is given): what other clients (Go, JavaScript, Rust) send,
 * which jnats cannot (it refuses UTF-8 values and writes {@code name:value} without a space). Each
 * publish waits for its JetStream ack.
 */
public final class RawPublisher implements AutoCloseable {
    private static final String REPLY = "_RAWPUB.acks.";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private long next;

    private RawPublisher(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawPublisher connect(String url) throws IOException {
        return connect(url, null);
    }

    public static RawPublisher connect(String url, @Nullable SSLContext tls) throws IOException {
        URI uri = URI.create(url);
        Socket plain = new Socket(uri.getHost(), uri.getPort());
        plain.setSoTimeout(10_000);
        String info = readLine(plain.getInputStream());
        if (!info.startsWith("INFO ")) {
            plain.close();
            throw new IOException("not a NATS server: " + info);
        }
        Socket socket = plain;
        if (tls != null) {
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, uri.getHost(), uri.getPort(), true);
            secure.setUseClientMode(true);
            secure.startHandshake();
            socket = secure;
        }
        RawPublisher p = new RawPublisher(socket);
        p.send(("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true,\"protocol\":1,"
                + "\"lang\":\"raw\",\"version\":\"0\"}\r\nSUB " + REPLY + "* 1\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
        p.awaitPong();
        return p;
    }

    /** Publishes {@code payload} with exactly {@code headerBlock} (none if null) and returns the sequence the stream stored it at. */
    public long publish(String subject, byte @Nullable [] headerBlock, byte[] payload) throws IOException {
        String reply = REPLY + next++;
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        byte[] subjectBytes = subject.getBytes(StandardCharsets.UTF_8);
        if (headerBlock == null) {
            frame.writeBytes("PUB ".getBytes(StandardCharsets.US_ASCII));
            frame.writeBytes(subjectBytes);
            frame.writeBytes((" " + reply + " " + payload.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            frame.writeBytes("HPUB ".getBytes(StandardCharsets.US_ASCII));
            frame.writeBytes(subjectBytes);
            frame.writeBytes((" " + reply + " " + headerBlock.length + " " + (headerBlock.length + payload.length) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            frame.writeBytes(headerBlock);
        }
        frame.writeBytes(payload);
        frame.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        send(frame.toByteArray());
        String ack = awaitMessage(reply);
        int at = ack.indexOf("\"seq\":");
        if (at < 0 || ack.contains("\"error\"")) {
            throw new IOException("publish to " + subject + " refused: " + ack);
        }
        int end = at + 6;
        while (end < ack.length() && Character.isDigit(ack.charAt(end))) {
            end++;
        }
        return Long.parseLong(ack.substring(at + 6, end));
    }

    private void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private void awaitPong() throws IOException {
        while (true) {
            String line = readLine(in);
            if (line.equals("PONG")) {
                return;
            }
            handle(line);
        }
    }

    /** The payload of the next message to {@code subject}, as text. */
    private String awaitMessage(String subject) throws IOException {
        while (true) {
            String line = readLine(in);
            String[] parts = line.split(" ");
            if (parts[0].equals("MSG") || parts[0].equals("HMSG")) {
                int size = Integer.parseInt(parts[parts.length - 1]);
                byte[] body = in.readNBytes(size + 2);
                String text = new String(body, 0, size, StandardCharsets.UTF_8);
                if (parts[1].equals(subject)) {
                    if (parts[0].equals("HMSG")) {
                        throw new IOException("publish answered with a status: " + text.strip());
                    }
                    return text;
                }
                continue;
            }
            handle(line);
        }
    }

    private void handle(String line) throws IOException {
        if (line.equals("PING")) {
            send("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (line.startsWith("-ERR")) {
            throw new IOException("the server said " + line);
        }
        // +OK, INFO: nothing to do
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
