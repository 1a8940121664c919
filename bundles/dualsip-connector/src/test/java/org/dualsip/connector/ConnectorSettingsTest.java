package org.dualsip.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorSettingsTest {

    private static Map<String, Object> props(String... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String refusal(Map<String, Object> props) {
        return assertThrows(InvalidSettingException.class, () -> ConnectorSettings.parse(props)).getMessage();
    }

    @Test
    void withATokenTheDefaultsApply() throws Exception {
        ConnectorSettings s = ConnectorSettings.parse(props("token", "0123456789abcdef"));
        assertEquals("127.0.0.1", s.address());
        assertEquals(7001, s.port());
        assertEquals(64, s.maxConnections());
        assertEquals(65536, s.maxFrameBytes());
        assertEquals(10000, s.queueLimit());
        assertEquals(5000, s.helloTimeoutMs());
        assertEquals(ConnectorSettings.OrphanPolicy.HOLD, s.orphanPolicy());
        assertEquals(30000, s.orphanGraceMs());
        assertFalse(s.toString().contains("0123456789abcdef"), "the token is never logged");
    }

    @Test
    void noCredentialIsRefusedNamingTheKeys() {
        String why = refusal(props());
        assertTrue(why.startsWith("org.dualsip.connector: "), why);
        assertTrue(why.contains("'token'") && why.contains("'tls.client.auth'"), why);
        refusal(props("tls.enabled", "true", "tls.keystore", "/k", "tls.client.auth", "want", "tls.truststore", "/t"));
    }

    @Test
    void aDisabledConnectorNeedsNoCredential() throws Exception {
        assertFalse(ConnectorSettings.parse(props("enabled", "false")).enabled());
    }

    @Test
    void clientCertificatesAloneAreEnoughWithNeed() throws Exception {
        ConnectorSettings s = ConnectorSettings.parse(props("tls.enabled", "true", "tls.keystore", "/k",
                "tls.client.auth", "NEED", "tls.truststore", "/t"));
        assertEquals(ConnectorSettings.ClientAuth.NEED, s.clientAuth());
    }

    @Test
    void badValuesNameTheirKey() {
        String t = "0123456789abcdef";
        assertTrue(refusal(props("token", "short")).contains("'token'"));
        assertFalse(refusal(props("token", "short")).contains("short"), "the token is not echoed");
        assertTrue(refusal(props("token", t, "port", "abc")).contains("'port'"));
        assertTrue(refusal(props("token", t, "port", "70000")).contains("'port'"));
        assertTrue(refusal(props("token", t, "enabled", "yes")).contains("'enabled'"));
        assertTrue(refusal(props("token", t, "orphan.policy", "keep")).contains("'orphan.policy'"));
        assertTrue(refusal(props("token", t, "tls.client.auth", "maybe")).contains("'tls.client.auth'"));
        assertTrue(refusal(props("token", t, "queue.limit", "0")).contains("'queue.limit'"));
        assertTrue(refusal(props("token", t, "max.frame.bytes", "10")).contains("'max.frame.bytes'"));
        assertTrue(refusal(props("token", t, "tls.enabled", "true")).contains("'tls.keystore'"));
        assertTrue(refusal(props("token", t, "tls.enabled", "true", "tls.keystore", "/k", "tls.client.auth", "want"))
                .contains("'tls.truststore'"));
    }

    @Test
    void onlyNetworkChangesNeedANewListeningSocket() throws Exception {
        ConnectorSettings a = ConnectorSettings.parse(props("token", "0123456789abcdef"));
        assertFalse(ConnectorSettings.parse(props("token", "0123456789abcdef-2", "queue.limit", "99"))
                .listensDifferentlyFrom(a));
        assertTrue(ConnectorSettings.parse(props("token", "0123456789abcdef", "port", "7005")).listensDifferentlyFrom(a));
    }
}
