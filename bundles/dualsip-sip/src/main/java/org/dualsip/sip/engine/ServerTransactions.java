package org.dualsip.sip.engine;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;

/** Opens the server transaction of a request, telling a retransmission apart. */
final class ServerTransactions {

    /** Marks a request the stack already has a transaction for: a retransmission to absorb. */
    static final class Retransmission extends Exception {
        private static final long serialVersionUID = 1L;

        Retransmission() {
            super(null, null, false, false);
        }
    }

    private ServerTransactions() {
    }

    /** The request's server transaction; null when none can be made (then answer statelessly). */
    static ServerTransaction open(RequestEvent ev) throws Retransmission {
        if (ev instanceof StatelessRequestEvent) {
            return null;
        }
        ServerTransaction st = ev.getServerTransaction();
        if (st != null) {
            return st;
        }
        try {
            return ((SipProvider) ev.getSource()).getNewServerTransaction(ev.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            throw new Retransmission();
        } catch (TransactionUnavailableException e) {
            return null;
        }
    }
}
