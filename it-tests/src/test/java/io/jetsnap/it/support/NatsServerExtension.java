package io.jetsnap.it.support;

import io.nats.client.Connection;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real nats-server for a test class: {@code @RegisterExtension static final NatsServerExtension
 * server = new NatsServerExtension();} starts it before the first test and stops it after the last.
 */
public final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback {
    private TestNatsServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TestNatsServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }

    public String url() {
        return server.url();
    }

    public Connection connect() throws IOException, InterruptedException {
        return server.connect();
    }
}
