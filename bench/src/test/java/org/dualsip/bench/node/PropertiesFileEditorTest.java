package org.dualsip.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PropertiesFileEditorTest {

    @Test
    void replacesActiveKeysKeepsCommentsAndAppendsMissingOnes() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("sshPort", "8301");
        values.put("sshHost", "127.0.0.1");
        List<String> edited = PropertiesFileEditor.apply(
                List.of("# sshPort = 1 is an example", "sshPort = 8101", "other=1"), values);
        assertEquals(List.of("# sshPort = 1 is an example", "sshPort = 8301", "other=1", "sshHost = 127.0.0.1"),
                edited);
    }

    @Test
    void doesNotTouchKeysThatOnlyShareAPrefix() {
        List<String> edited = PropertiesFileEditor.apply(List.of("port.range=1", "port:5060"), Map.of("port", "35060"));
        assertEquals(List.of("port.range=1", "port = 35060"), edited);
    }
}
