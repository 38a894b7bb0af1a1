package io.jetsnap.it.support;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The test's own TLS contexts, from {@code openssl}'s PKCS#12 export, so that setting up never goes through the CLI's PEM code. */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SSLContext of(TestCertificates certs, String client) throws Exception {
        java.nio.file.Path p12 = certs.dir().resolve(client + ".p12");
        Process p = new ProcessBuilder("openssl", "pkcs12", "-export", "-in", certs.cert(client).toString(), "-inkey",
                certs.key(client).toString(), "-out", p12.toString(), "-passout", "pass:test").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl pkcs12 failed");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "test".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "test".toCharArray());
        KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
        ts.load(null, null);
        try (InputStream in = Files.newInputStream(certs.cert("ca"))) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            ts.setCertificateEntry("ca", ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ssl;
    }
}
