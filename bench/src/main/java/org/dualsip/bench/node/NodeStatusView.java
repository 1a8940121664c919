package org.dualsip.bench.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * What a test needs from {@code dualsip:status --json}: role, sync state, whether the node holds the
 * service address, and its live calls. Lenient about the layout (the pair's facts may sit at the top
 * level or in a nested object) so that it reads the status of a standalone node and of a pair node.
 *
 * @param role         e.g. ACTIVE, PASSIVE, STANDALONE; "" when the node did not answer
 * @param sync         e.g. IN_SYNC, DEGRADED, NO_PEER; "" when absent
 * @param holdsAddress whether the node holds the service address
 * @param liveCalls    live calls (on a passive: the mirrored ones); -1 when absent
 * @param confirmed    calls in state CONFIRMED; -1 when absent
 * @param output       the console output, for failure messages
 */
public record NodeStatusView(String role, String sync, boolean holdsAddress, long liveCalls, long confirmed,
        String output) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses console output holding one JSON object; anything else gives an empty view. */
    public static NodeStatusView parse(String output) {
        int start = output.indexOf('{');
        int end = output.lastIndexOf('}');
        if (start < 0 || end < start) {
            return empty(output);
        }
        JsonNode root;
        try {
            root = JSON.readTree(output.substring(start, end + 1));
        } catch (JsonProcessingException e) {
            return empty(output);
        }
        JsonNode pair = root.path("pair");
        String role = pair.path("role").isTextual() ? pair.path("role").asText() : root.path("role").asText("");
        String sync = find(root, "sync").or(() -> find(root, "syncState")).map(JsonNode::asText).orElse("");
        boolean holds = find(root, "holdsAddress").map(JsonNode::asBoolean).orElse(false);
        long confirmed = find(root, "callsByState").map(c -> c.path("CONFIRMED").asLong(-1)).orElse(-1L);
        long live = find(root, "liveCalls").map(JsonNode::asLong)
                .or(() -> find(root, "callsByState").map(NodeStatusView::liveOf))
                .orElse(-1L);
        return new NodeStatusView(role, sync, holds, live, confirmed, output);
    }

    private static NodeStatusView empty(String output) {
        return new NodeStatusView("", "", false, -1, -1, output);
    }

    public boolean isActive() {
        return "ACTIVE".equals(role);
    }

    public boolean isPassive() {
        return "PASSIVE".equals(role);
    }

    public boolean inSync() {
        return "IN_SYNC".equals(sync);
    }

    /** The first field of that name, breadth-first (the top level wins over nested objects). */
    private static Optional<JsonNode> find(JsonNode root, String name) {
        Deque<JsonNode> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            JsonNode node = queue.poll();
            if (node.has(name) && !node.get(name).isNull()) {
                return Optional.of(node.get(name));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                JsonNode child = it.next().getValue();
                if (child.isObject()) {
                    queue.add(child);
                }
            }
        }
        return Optional.empty();
    }

    private static long liveOf(JsonNode callsByState) {
        long live = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = callsByState.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!"ENDED".equals(entry.getKey())) {
                live += entry.getValue().asLong(0);
            }
        }
        return live;
    }

    @Override
    public String toString() {
        return "role=" + role + " sync=" + sync + " holdsAddress=" + holdsAddress + " liveCalls=" + liveCalls
                + " confirmed=" + confirmed;
    }
}
