package io.jetsnap.it.support;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Operator mode made in the test: an operator, an account with JetStream and a user, each with
 * its own nkey, their JWTs signed down the chain, and the server configuration that trusts the
 * operator and preloads the account ({@code resolver: MEMORY}).
 */
public final class TestJwts {
    private final NKey operator;
    private final NKey account;
    private final String operatorJwt;
    private final String accountJwt;
    private final NKey system;
    private final String systemJwt;

    private TestJwts() throws Exception {
        SecureRandom random = new SecureRandom();
        operator = NKey.createOperator(random);
        account = NKey.createAccount(random);
        system = NKey.createAccount(random);
        String op = new String(operator.getPublicKey());
        // the sixth argument is the issuer: the operator signs its own JWT and the account's
        operatorJwt = JwtUtils.issueJWT(operator, op, "jetsnap-test-operator", null, JwtUtils.currentTimeSeconds(), op,
                claim("{\"type\":\"operator\",\"version\":2}"));
        accountJwt = JwtUtils.issueJWT(operator, new String(account.getPublicKey()), "jetsnap-test-account", null,
                JwtUtils.currentTimeSeconds(), op, claim("{\"type\":\"account\",\"version\":2,\"limits\":{"
                        + "\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,"
                        + "\"leaf\":-1,\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}}"));
        // JetStream in operator mode needs a system account
        systemJwt = JwtUtils.issueJWT(operator, new String(system.getPublicKey()), "SYS", null, JwtUtils.currentTimeSeconds(), op,
                claim("{\"type\":\"account\",\"version\":2}"));
    }

    public static TestJwts create() throws Exception {
        return new TestJwts();
    }

    /** The server configuration: trust the operator, know the account. */
    public String serverConfig() {
        return "operator: \"" + operatorJwt + "\"\nsystem_account: " + new String(publicKey(system))
                + "\nresolver: MEMORY\nresolver_preload: {\n  " + new String(publicKey(account)) + ": \"" + accountJwt + "\"\n  "
                + new String(publicKey(system)) + ": \"" + systemJwt + "\"\n}\n";
    }

    /** Writes a {@code .creds} file for a new user of this account. */
    public Path userCreds(Path file) throws Exception {
        return writeCreds(file, account);
    }

    /** Writes a {@code .creds} file for a user signed by an account the server does not know. */
    public static Path strangerCreds(Path file) throws Exception {
        return writeCreds(file, NKey.createAccount(new SecureRandom()));
    }

    private static Path writeCreds(Path file, NKey signer) throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        String jwt = JwtUtils.issueUserJWT(signer, new String(signer.getPublicKey()), new String(user.getPublicKey()), "jetsnap-test-user");
        String creds = "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
                + "************************* IMPORTANT *************************\n"
                + "NKEY Seed printed below can be used to sign and prove identity.\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed()) + "\n------END USER NKEY SEED------\n";
        return Files.writeString(file, creds);
    }

    private static char[] publicKey(NKey key) {
        try {
            return key.getPublicKey();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonSerializable claim(String json) {
        return () -> json;
    }

}
