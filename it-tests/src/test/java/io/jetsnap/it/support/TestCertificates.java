package io.jetsnap.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway certificates made with {@code openssl} at test time, in a temporary directory: a CA,
 * a server certificate for 127.0.0.1 signed by it, a client certificate signed by it (RSA, its key
 * in the traditional PKCS#1 form), and a client certificate from a CA the server does not know.
 * Nothing of this is ever committed.
 */
public record TestCertificates(Path dir) {
    public static TestCertificates generate(Path dir) throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(dir);
        c.selfSigned("ca", "jetsnap test CA");
        c.signed("server", "ca", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n", false);
        c.signed("client", "ca", "jetsnap-client", "extendedKeyUsage=clientAuth\n", true);
        c.selfSigned("rogue-ca", "some other CA");
        c.signed("rogue-client", "rogue-ca", "jetsnap-client", "extendedKeyUsage=clientAuth\n", false);
        return c;
    }

    public Path cert(String name) {
        return dir.resolve(name + ".pem");
    }

    public Path key(String name) {
        return dir.resolve(name + "-key.pem");
    }

    /** The server's {@code tls} block: its certificate, and client certificates required and checked against the CA. */
    public String serverTlsConfig() {
        return "tls {\n  cert_file: \"" + cert("server") + "\"\n  key_file: \"" + key("server") + "\"\n  ca_file: \""
                + cert("ca") + "\"\n  verify: true\n  timeout: 5\n}\n";
    }

    private void selfSigned(String name, String cn) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=" + cn, "-keyout", key(name).toString(), "-out", cert(name).toString());
    }

    private void signed(String name, String ca, String cn, String extensions, boolean rsaPkcs1)
            throws IOException, InterruptedException {
        Path csr = dir.resolve(name + ".csr");
        Path ext = Files.writeString(dir.resolve(name + ".ext"), extensions);
        List<String> newKey = rsaPkcs1 ? List.of("-newkey", "rsa:2048") : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
        List<String> req = new ArrayList<>(List.of("req"));
        req.addAll(newKey);
        req.addAll(List.of("-nodes", "-subj", "/CN=" + cn, "-keyout", key(name).toString(), "-out", csr.toString()));
        openssl(req.toArray(new String[0]));
        openssl("x509", "-req", "-in", csr.toString(), "-CA", cert(ca).toString(), "-CAkey", key(ca).toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert(name).toString());
        if (rsaPkcs1) {
            openssl("rsa", "-in", key(name).toString(), "-traditional", "-out", key(name).toString());
        }
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("the TLS tests make their certificates with openssl, which is not on the PATH "
                    + "(apt-get install openssl): " + e.getMessage(), e);
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
