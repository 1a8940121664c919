package org.dualsip.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.dualsip.api.connector.ConnectedApplication;
import org.dualsip.api.connector.ConnectedApplications;
import org.dualsip.api.connector.ConnectorStatus;
import org.junit.jupiter.api.Test;

class AppsReportTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final ConnectorStatus LISTENING =
            new ConnectorStatus(true, "127.0.0.1:7001", false, null, 2, 5, 3, 1, 0, 1);
    private static final List<ConnectedApplication> APPS = List.of(
            new ConnectedApplication("billing", "10.0.0.5:51000", true, NOW.minusSeconds(75),
                    List.of("sip:1.*", "sip:2.*"), 4, true),
            new ConnectedApplication("ivr", "10.0.0.6:40000", false, NOW.minusSeconds(3), List.of(), 0, false));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void rowsShowAddressStateSinceCallsAndPatterns() {
        List<List<String>> rows = new AppsReport(LISTENING, APPS, NOW).rows();
        assertEquals(List.of("billing", "10.0.0.5:51000 (TLS)", "connected", "2026-01-01T09:58:45Z (1m 15s)", "4",
                "sip:1.* sip:2.*"), rows.get(0));
        assertEquals(List.of("ivr", "10.0.0.6:40000", "away", "2026-01-01T09:59:57Z (3s)", "0", "-"), rows.get(1));
    }

    @Test
    void summaryNamesTheEndpointOrWhyItDoesNotListen() {
        String listening = new AppsReport(LISTENING, APPS, NOW).summary();
        assertTrue(listening.contains("listening on 127.0.0.1:7001"), listening);
        assertTrue(listening.contains("1 refused (credential)") && listening.contains("1 dropped (slow consumer)"), listening);
        ConnectorStatus refused = new ConnectorStatus(false, "127.0.0.1:7001", false,
                "org.dualsip.connector: no credential configured", 0, 0, 0, 0, 0, 0);
        String not = new AppsReport(refused, List.of(), NOW).summary();
        assertTrue(not.contains("NOT listening") && not.contains("no credential configured"), not);
    }

    @Test
    void commandPrintsJsonForScripts() throws Exception {
        AppsCommand command = new AppsCommand();
        command.out = out;
        command.execute();
        assertEquals(AppsCommand.NOT_RUNNING, bytes.toString(StandardCharsets.UTF_8).strip());

        bytes.reset();
        command.connector = new ConnectedApplications() {
            @Override
            public List<ConnectedApplication> applications() {
                return APPS;
            }

            @Override
            public ConnectorStatus status() {
                return LISTENING;
            }
        };
        command.json = true;
        command.execute();
        JsonNode json = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
        assertEquals("127.0.0.1:7001", json.path("connector").path("endpoint").asText());
        assertEquals(1, json.path("connector").path("refusedUnauthorized").asInt());
        assertEquals("billing", json.path("applications").get(0).path("name").asText());
        assertEquals(4, json.path("applications").get(0).path("calls").asInt());
        assertEquals("sip:2.*", json.path("applications").get(0).path("patterns").get(1).asText());
        assertTrue(json.path("applications").get(0).path("connected").asBoolean());

        bytes.reset();
        command.json = false;
        command.execute();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("billing") && text.contains("away") && text.contains("Patterns"), text);
    }
}
