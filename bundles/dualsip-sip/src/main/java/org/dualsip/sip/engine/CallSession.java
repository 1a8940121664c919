package org.dualsip.sip.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.PendingTransaction;

/**
 * The live side of one call: the lock that serialises its changes, its current record (the store
 * holds the same), the two ordered queues (SIP sends, application events) and a cache of JAIN-SIP
 * objects. Everything in the cache can be rebuilt from the record; losing it only costs a rebuild.
 */
final class CallSession {

    final String id;
    final SerialQueue sends;
    final SerialQueue events;
    private CallRecord record;

    // cache, guarded by this
    ServerTransaction inviteTx;
    Request inviteRequest;
    Response inviteFinal;
    ServerTransaction reofferTx;
    Request reofferRequest;
    Response reofferFinal;
    /** The last re-offer finished for good (UPDATE answered, re-INVITE refused or ACKed) and its final response. */
    PendingTransaction lastReoffer;
    Response lastReofferFinal;
    ClientTransaction outboundInvite;
    Request lastAck;
    ScheduledFuture<?> retransmit;
    /** The session timer's next refresh or expiry (RFC 4028), armed from the record. */
    ScheduledFuture<?> sessionTick;
    /** Our offer's glare retry (RFC 3261 14.1), or a new active's wait for the answer to one; armed from the record. */
    ScheduledFuture<?> offerRetry;

    CallSession(CallRecord record, Executor pool) {
        this.id = record.id();
        this.record = record;
        this.sends = new SerialQueue(pool);
        this.events = new SerialQueue(pool);
    }

    synchronized CallRecord record() {
        return record;
    }

    /** Only the engine calls this, under the session lock, after the store accepted the record. */
    synchronized void setRecord(CallRecord r) {
        this.record = r;
    }

    /**
     * Drops the finished re-offer's transaction, keeping its final response for copies of the request
     * that arrive once no JAIN-SIP transaction holds it (null: rebuilt from {@code tx} if a 2xx).
     */
    synchronized void reofferDone(PendingTransaction tx, Response finalResponse) {
        lastReoffer = tx;
        lastReofferFinal = finalResponse;
        reofferTx = null;
        reofferRequest = null;
        reofferFinal = null;
    }

    /**
     * Forgets every JAIN-SIP object: after a role change they belong to a provider that is gone, and
     * whatever needs them is rebuilt from the record.
     */
    synchronized void dropTransactions() {
        inviteTx = null;
        inviteRequest = null;
        inviteFinal = null;
        reofferTx = null;
        reofferRequest = null;
        reofferFinal = null;
        lastReofferFinal = null;
        outboundInvite = null;
        lastAck = null;
    }

    synchronized void cancelSessionTick() {
        if (sessionTick != null) {
            sessionTick.cancel(false);
            sessionTick = null;
        }
    }

    synchronized void cancelOfferRetry() {
        if (offerRetry != null) {
            offerRetry.cancel(false);
            offerRetry = null;
        }
    }

    synchronized void cancelRetransmit() {
        if (retransmit != null) {
            retransmit.cancel(false);
            retransmit = null;
        }
    }
}
