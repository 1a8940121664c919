package org.dualsip.api.call;

import java.util.List;

/**
 * This node has just taken over the active role from its peer and carries on the calls it mirrored.
 * Delivered once per takeover to every application, with the calls that application owns.
 *
 * @param epoch  the new epoch
 * @param reason why the takeover happened (e.g. "peer connection closed", "switchover")
 * @param calls  the application's live calls, as this node resumed them
 */
public record Takeover(long epoch, String reason, List<Call> calls) {
    public Takeover {
        calls = List.copyOf(calls);
    }
}
