package org.dualsip.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to a node: a certificate made at test time with the JDK's keytool (for 127.0.0.1); the client
 * trusting it connects and works, a client trusting another certificate never gets past the handshake.
 */
class TlsClientTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private Path certificate(String alias, String san) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + output);
        return store;
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static SSLContext server(Path store) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(store), PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext trusting(Path store) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(store));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void connectsOverTlsToANodeWithATrustedCertificateForItsAddress() throws Exception {
        Path node = certificate("node", "ip:127.0.0.1");
        Path stranger = certificate("stranger", "ip:127.0.0.1");
        try (FakeNode a = new FakeNode("a", 46198, "ACTIVE", 1, server(node));
                DualsipClient client = DualsipClient.builder().node("127.0.0.1", 46198).application("app")
                        .token(FakeNode.TOKEN).tls(trusting(node)).listener(event -> { }).build().start()) {
            assertEquals("a", client.whenActive().get(10, TimeUnit.SECONDS));
            client.hangUp("c1").get(10, TimeUnit.SECONDS);
            assertEquals("c1", a.awaitRequest("hangup", Duration.ofSeconds(5)).path("call").asText());
        }
        try (FakeNode b = new FakeNode("b", 46199, "ACTIVE", 1, server(node));
                DualsipClient client = DualsipClient.builder().node("127.0.0.1", 46199).application("app")
                        .token(FakeNode.TOKEN).tls(trusting(stranger)).activeWait(Duration.ofMillis(500))
                        .listener(event -> { }).build().start()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> client.hangUp("c1").get(10, TimeUnit.SECONDS));
            assertEquals(CommandException.NO_ACTIVE_NODE, assertInstanceOf(CommandException.class, e.getCause()).code());
            assertEquals(0, b.hellos.get(), "no hello over an untrusted connection");
            assertTrue(b.requests.isEmpty(), "nothing sent: " + List.copyOf(b.requests));
        }
    }
}
