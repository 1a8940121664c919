package org.dualsip.api.call;

/**
 * A call command that cannot be carried out: unknown call, wrong state, bad argument, service not
 * active. The message says which and why; the call itself is unaffected.
 */
public class CallControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Machine-readable reason, stable for scripts and the remote connector. */
    public enum Reason { UNKNOWN_CALL, WRONG_STATE, BAD_ARGUMENT, NOT_ACTIVE, NOT_OWNER }

    private final Reason reason;

    public CallControlException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
