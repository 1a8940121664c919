package org.dualsip.api.pair;

import java.time.Instant;
import org.dualsip.api.node.Role;

/**
 * One role change of this node, as logged and kept for {@code dualsip:status}.
 *
 * @param from   the role before
 * @param to     the role after
 * @param reason why, in words an operator understands (e.g. "peer connection closed")
 * @param epoch  the epoch after the change
 * @param at     when it happened
 */
public record RoleChange(Role from, Role to, String reason, long epoch, Instant at) { }
