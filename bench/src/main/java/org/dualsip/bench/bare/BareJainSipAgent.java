package org.dualsip.bench.bare;

import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The baseline of the benchmark: the smallest correct auto-answering UAS on plain JAIN-SIP.
 *
 * <p>INVITE gets 200 with a fixed SDP answer at once (the stack sends 100 Trying itself and, with
 * automatic dialog support, retransmits the 2xx until the ACK arrives); BYE and OPTIONS get 200;
 * anything else but ACK gets 501. Stack tuned like the dualsip node: thread pool, re-entrant
 * listener, same transaction table and message size limits, no stack logging. Unlike the node
 * (whose call records are the truth, so it retransmits 2xx itself) it keeps JAIN-SIP's automatic
 * dialog support on: that is the least code for a correct UAS.
 *
 * <p>Usage: {@code java -cp dualsip-bench-all.jar org.dualsip.bench.bare.BareJainSipAgent ADDRESS PORT [THREADS]}.
 * Prints {@code READY address:port} once listening; stops on SIGTERM.
 */
public final class BareJainSipAgent implements SipListener {

    /*
     * The defaults of the dualsip node's stack tuning (etc/org.dualsip.sip.cfg), so that the
     * comparison is fair.
     */
    static final int DEFAULT_THREAD_POOL_SIZE = 8;
    static final int MAX_TRANSACTIONS = 100_000;
    static final int MAX_MESSAGE_SIZE = 65_536;

    private final SipStack stack;
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final ContactHeader contact;
    private final ContentTypeHeader sdpType;
    private final byte[] sdpAnswer;
    private final AtomicLong answered = new AtomicLong();

    public BareJainSipAgent(String address, int port, int threads) throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(stackProperties(address, port, threads));
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        AddressFactory addresses = factory.createAddressFactory();
        ListeningPoint udp = stack.createListeningPoint(address, port, ListeningPoint.UDP);
        provider = stack.createSipProvider(udp);
        provider.addListeningPoint(stack.createListeningPoint(address, port, ListeningPoint.TCP));
        provider.addSipListener(this);
        contact = headers.createContactHeader(
                addresses.createAddress(addresses.createSipURI("bare", address + ":" + port)));
        sdpType = headers.createContentTypeHeader("application", "sdp");
        sdpAnswer = sdpAnswer(address).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static Properties stackProperties(String address, int port, int threads) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "bare-" + address + "-" + port);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        // Without a pool every UDP packet starts a thread; without re-entrancy one thread serialises all.
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(threads));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(MAX_TRANSACTIONS));
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", Integer.toString(MAX_TRANSACTIONS));
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(MAX_MESSAGE_SIZE));
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", NoStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", NoServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        return p;
    }

    static String sdpAnswer(String address) {
        return "v=0\r\n"
                + "o=bare 1 1 IN IP4 " + address + "\r\n"
                + "s=-\r\n"
                + "c=IN IP4 " + address + "\r\n"
                + "t=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n";
    }

    public long answeredCalls() {
        return answered.get();
    }

    public void stop() {
        stack.stop();
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            switch (request.getMethod()) {
                case Request.ACK -> { /* the stack stops 2xx retransmission; nothing else to do */ }
                case Request.INVITE -> answerInvite(event);
                case Request.BYE, Request.OPTIONS -> respond(event, Response.OK);
                default -> respond(event, Response.NOT_IMPLEMENTED);
            }
        } catch (TransactionAlreadyExistsException retransmission) {
            // The stack already holds a transaction for it: it answers the retransmission itself.
        } catch (Exception e) {
            // A bad request must never kill the listener thread of the baseline either.
            System.err.println("bare agent: " + request.getMethod() + " failed: " + e);
        }
    }

    private void answerInvite(RequestEvent event) throws Exception {
        ServerTransaction transaction = transactionOf(event);
        Response ok = messages.createResponse(Response.OK, event.getRequest(), sdpType, sdpAnswer);
        ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
        if (to.getTag() == null) {
            // Only a dialog-creating INVITE gets a new tag; a re-INVITE keeps the dialog's.
            to.setTag(UUID.randomUUID().toString().substring(0, 8));
        }
        ok.addHeader(contact);
        transaction.sendResponse(ok);
        answered.incrementAndGet();
    }

    private void respond(RequestEvent event, int status)
            throws SipException, InvalidArgumentException, java.text.ParseException {
        transactionOf(event).sendResponse(messages.createResponse(status, event.getRequest()));
    }

    private ServerTransaction transactionOf(RequestEvent event) throws SipException {
        ServerTransaction transaction = event.getServerTransaction();
        return transaction != null ? transaction : provider.getNewServerTransaction(event.getRequest());
    }

    @Override
    public void processResponse(ResponseEvent event) {
        // A UAS that never sends requests gets no responses.
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        // A lost ACK: the stack ends the dialog; the baseline needs no BYE for its statistics.
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        // Nothing to clean up: the stack drops the connection.
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // No per-transaction state kept.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // No per-dialog state kept.
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BareJainSipAgent ADDRESS PORT [THREADS]");
            System.exit(2);
        }
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_THREAD_POOL_SIZE;
        BareJainSipAgent agent = new BareJainSipAgent(args[0], Integer.parseInt(args[1]), threads);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.stop();
            System.out.println("STOPPED after " + agent.answeredCalls() + " answered calls");
            stopped.countDown();
        }, "bare-agent-shutdown"));
        System.out.println("READY " + args[0] + ":" + args[1]);
        System.out.flush();
        stopped.await();
    }
}
