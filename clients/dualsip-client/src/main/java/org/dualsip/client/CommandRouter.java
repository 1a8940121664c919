package org.dualsip.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each command to the serving node. A {@code not-active} answer records the node's real role and
 * re-routes the command to the other node; with no node serving, the command waits (bounded by the
 * client's active wait) for a role change. A command whose connection dropped before the answer is
 * sent again to the serving node when it is safe to repeat (all but {@code place}, which could create a
 * second call).
 */
final class CommandRouter {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRouter.class);

    /** First try, a re-route after not-active, and room for one more role change or lost connection. */
    static final int MAX_ATTEMPTS = 4;

    private final RoleBoard roles;
    private final long activeWaitNanos;

    CommandRouter(RoleBoard roles, long activeWaitNanos) {
        this.roles = roles;
        this.activeWaitNanos = activeWaitNanos;
    }

    /** The result frame of {@code op} from the serving node, or a {@link CommandException}. */
    CompletableFuture<JsonNode> send(String op, ObjectNode args, boolean repeatable) {
        return attempt(op, args, repeatable, System.nanoTime() + activeWaitNanos, 1);
    }

    private CompletableFuture<JsonNode> attempt(String op, ObjectNode args, boolean repeatable, long deadline,
            int attempt) {
        return roles.awaitServing(deadline)
                .thenCompose(link -> link.request(op, args)
                        .handle((frame, failure) -> next(link, frame, failure, op, args, repeatable, deadline, attempt))
                        .thenCompose(result -> result));
    }

    private CompletableFuture<JsonNode> next(NodeLink link, JsonNode frame, Throwable failure, String op,
            ObjectNode args, boolean repeatable, long deadline, int attempt) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof CommandException lost && CommandException.CONNECTION_LOST.equals(lost.code())
                    && repeatable && attempt < MAX_ATTEMPTS) {
                LOG.debug("'{}' lost with node {}: sending it to the serving node", op, link.name());
                return attempt(op, args, repeatable, deadline, attempt + 1);
            }
            return CompletableFuture.failedFuture(cause);
        }
        if (!"error".equals(frame.path("type").asText())) {
            return CompletableFuture.completedFuture(frame);
        }
        String code = frame.path("code").asText();
        if ("not-active".equals(code)) {
            String role = ProtocolCodec.text(frame, "role");
            link.role(role == null ? "PASSIVE" : role, -1);
            LOG.debug("'{}' refused by node {} ({}), active is {}: re-routing", op, link.name(), role,
                    ProtocolCodec.text(frame, "active"));
            if (attempt < MAX_ATTEMPTS) {
                return attempt(op, args, repeatable, deadline, attempt + 1);
            }
            return CompletableFuture.failedFuture(new CommandException(CommandException.NO_ACTIVE_NODE,
                    "'" + op + "' refused as not-active by every node tried (" + roles.describe() + ")", link.name()));
        }
        return CompletableFuture.failedFuture(new CommandException(code, ProtocolCodec.text(frame, "message"),
                link.name()));
    }
}
