package org.dualsip.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the connector port with key stores made at test time by the JDK's keytool: a token over
 * TLS, and a client certificate as the only credential (client auth need). Ports 46050-46059.
 */
class TlsConnectorTest {

    private static final String PASSWORD = "changeit";
    private static final String TOKEN = "0123456789abcdef-token";

    @TempDir
    static Path dir;

    private Connector connector;

    @BeforeAll
    static void makeKeyStores() throws Exception {
        for (String who : List.of("server", "client")) {
            keytool("-genkeypair", "-alias", who, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + who, "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", file(who + ".p12"), "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-alias", who, "-keystore", file(who + ".p12"), "-storepass", PASSWORD,
                    "-file", file(who + ".cer"));
            keytool("-importcert", "-noprompt", "-alias", who, "-file", file(who + ".cer"), "-storetype", "PKCS12",
                    "-keystore", file(who + "-trust.p12"), "-storepass", PASSWORD);
        }
        // a certificate nobody trusts
        keytool("-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=stranger", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file("stranger.p12"), "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(file("keytool.log"))).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args));
    }

    private void start(int port, String clientAuth, String token) {
        Map<String, Object> props = new HashMap<>();
        props.put("port", String.valueOf(port));
        props.put("token", token);
        props.put("tls.enabled", "true");
        props.put("tls.keystore", file("server.p12"));
        props.put("tls.keystore.password", PASSWORD);
        props.put("tls.truststore", file("client-trust.p12"));
        props.put("tls.truststore.password", PASSWORD);
        props.put("tls.client.auth", clientAuth);
        connector = new Connector(new FakeCallControl(), new FakePair().view(), new FakeRegistrar());
        connector.configure(props);
        assertTrue(connector.status().listening(), String.valueOf(connector.status().problem()));
        assertTrue(connector.status().tls());
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.stop();
        }
    }

    private static TestClient tlsClient(int port, String keyStore) throws Exception {
        KeyStore trust = KeyStore.getInstance(new File(file("server-trust.p12")), PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(KeyStore.getInstance(new File(file(keyStore)), PASSWORD.toCharArray()), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        socket.startHandshake();
        return new TestClient(socket);
    }

    @Test
    void aTokenOverTls() throws Exception {
        start(46050, "none", TOKEN);
        try (TestClient c = tlsClient(46050, null)) {
            ObjectNode hello = c.hello("app1", TOKEN);
            assertEquals("result", hello.path("type").asText(), hello.toString());
            assertTrue(connector.applications().get(0).tls());
        }
        try (TestClient c = tlsClient(46050, null)) {
            assertEquals("unauthorized", c.hello("app2", null).path("code").asText(), "no certificate, no token");
        }
    }

    @Test
    void aTrustedClientCertificateIsTheCredential() throws Exception {
        start(46051, "need", "");
        try (TestClient c = tlsClient(46051, "client.p12")) {
            ObjectNode hello = c.hello("app1", null);
            assertEquals("result", hello.path("type").asText(), hello.toString());
        }
    }

    @Test
    void withoutATrustedCertificateTheHandshakeFails() {
        start(46052, "need", "");
        assertThrows(IOException.class, () -> {
            try (TestClient c = tlsClient(46052, null)) {
                c.hello("app1", null); // TLS 1.3 may report the refusal only at the first read
                if (c.read() == null) {
                    throw new IOException("closed");
                }
            }
        });
        assertThrows(IOException.class, () -> {
            try (TestClient c = tlsClient(46052, "stranger.p12")) {
                c.hello("app1", null);
                if (c.read() == null) {
                    throw new IOException("closed");
                }
            }
        });
    }

    @Test
    void aMissingKeyStoreIsRefusedNamingTheKey() {
        Map<String, Object> props = new HashMap<>();
        props.put("port", "46053");
        props.put("token", TOKEN);
        props.put("tls.enabled", "true");
        props.put("tls.keystore", file("missing.p12"));
        connector = new Connector(new FakeCallControl(), new FakePair().view(), new FakeRegistrar());
        connector.configure(props);
        assertTrue(!connector.status().listening());
        assertTrue(connector.status().problem().contains("'tls.keystore'"), connector.status().problem());
    }
}
