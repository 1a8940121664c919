package org.dualsip.sip.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded JAIN-SIP stack: created once with tuned properties, with listening points bound and
 * unbound as the service address comes and goes. Dialogs are off: JAIN-SIP only parses, transports
 * and runs transactions; call state lives in our records.
 */
public final class JainSipStack {

    private static final Logger LOG = LoggerFactory.getLogger(JainSipStack.class);

    private final SipStack stack;
    private final AddressFactory addressFactory;
    private final HeaderFactory headerFactory;
    private final MessageFactory messageFactory;
    private final SipListener listener;
    private volatile SipProvider provider;
    private volatile Binding binding;

    /** Where the stack listens right now. */
    public record Binding(String host, int port, List<String> transports) { }

    /** Receives requests that JAIN-SIP would wrongly absorb; they are to be answered statelessly. */
    public interface StatelessRequests {
        void process(SipProvider provider, javax.sip.message.Request request);
    }

    public JainSipStack(String name, StackSettings settings, SipListener listener, StatelessRequests stateless)
            throws Exception {
        // SipFactory looks the implementation up by class name in the loader that holds javax.sip.
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(JainSipStack.class.getClassLoader());
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            this.stack = factory.createSipStack(properties(name, settings));
            this.addressFactory = factory.createAddressFactory();
            this.headerFactory = factory.createHeaderFactory();
            this.messageFactory = factory.createMessageFactory();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        this.listener = listener;
        BranchCollisionValve.route(stack, request -> {
            SipProvider p = provider;
            if (p != null) {
                stateless.process(p, request);
            }
        });
    }

    static Properties properties(String name, StackSettings s) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", name);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(s.threadPoolSize()));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(s.maxTransactions()));
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", Integer.toString(s.maxTransactions()));
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(s.maxMessageSize()));
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", Integer.toString(s.stackTrace()));
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "1000");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.MAX_FORK_TIME_SECONDS", "0");
        p.setProperty("gov.nist.javax.sip.PASS_INVITE_NON_2XX_ACK_TO_LISTENER", "false");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "false");
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", BranchCollisionValve.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", StrictMessageParserFactory.class.getName());
        return p;
    }

    /** Binds listening points on host:port for the given transports (replacing any current ones). */
    public synchronized void bind(String host, int port, List<String> transports) throws Exception {
        unbind();
        List<ListeningPoint> points = new ArrayList<>();
        try {
            for (String t : transports) {
                points.add(stack.createListeningPoint(host, port, t));
            }
            SipProvider p = stack.createSipProvider(points.get(0));
            for (int i = 1; i < points.size(); i++) {
                p.addListeningPoint(points.get(i));
            }
            p.addSipListener(listener);
            provider = p;
            binding = new Binding(host, port, List.copyOf(transports));
            LOG.info("SIP listening on {}:{} ({})", host, port, String.join(",", transports));
        } catch (Exception | Error e) {
            for (ListeningPoint lp : points) {
                deleteQuietly(lp);
            }
            throw e;
        }
    }

    /** Removes the listening points; calls in memory are untouched. */
    public synchronized void unbind() {
        SipProvider p = provider;
        if (p == null) {
            return;
        }
        provider = null;
        binding = null;
        p.removeSipListener(listener);
        ListeningPoint[] points = p.getListeningPoints();
        try {
            stack.deleteSipProvider(p);
        } catch (Exception e) {
            LOG.warn("deleting SIP provider: {}", e.toString());
        }
        for (ListeningPoint lp : points) {
            deleteQuietly(lp);
        }
        LOG.info("SIP listening points removed");
    }

    private void deleteQuietly(ListeningPoint lp) {
        try {
            stack.deleteListeningPoint(lp);
        } catch (Exception e) {
            LOG.warn("deleting listening point {}: {}", lp, e.toString());
        }
    }

    public void stop() {
        unbind();
        BranchCollisionValve.unroute(stack);
        stack.stop();
    }

    /** The provider while bound, else null. */
    public SipProvider provider() {
        return provider;
    }

    public Binding binding() {
        return binding;
    }

    public AddressFactory addressFactory() {
        return addressFactory;
    }

    public HeaderFactory headerFactory() {
        return headerFactory;
    }

    public MessageFactory messageFactory() {
        return messageFactory;
    }

}
