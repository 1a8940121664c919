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
    /**
     * Created at the first bind and kept until stop: deleting JAIN-SIP's last provider stops the whole
     * stack, with a one-second sleep inside, which would make every unbind (a demotion, a switchover)
     * take a second. Unbinding only removes its listening points. Guarded by this.
     */
    private SipProvider kept;
    /** Providers that kept a listening point JAIN-SIP would not let go of; deleted at stop. Guarded by this. */
    private final List<SipProvider> abandoned = new ArrayList<>();
    /** {@link #kept} while listening points are bound, else null. */
    private volatile SipProvider provider;
    private volatile Binding binding;
    /** The current binding is a warm-up's on loopback, not the service address. */
    private volatile boolean warmingUp;

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

    /**
     * Binds listening points on host:port for the given transports (replacing any current ones). A port
     * still held (by the peer node on this machine releasing it a moment ago) is tried again for up to
     * {@link PortRelease#WAIT_MILLIS}.
     */
    public synchronized void bind(String host, int port, List<String> transports) throws Exception {
        unbind();
        long deadline = System.nanoTime() + PortRelease.WAIT_MILLIS * 1_000_000;
        while (true) {
            try {
                bindOnce(host, port, transports);
                return;
            } catch (Exception e) {
                if (!PortRelease.isPortInUse(e) || System.nanoTime() > deadline || !PortRelease.pause()) {
                    throw e;
                }
            }
        }
    }

    /**
     * Binds quietly on a free loopback port, for a warm-up: only when nothing is bound (a passive).
     *
     * @return the binding, or null when something is bound already
     * @throws Exception when no loopback port could be bound
     */
    public synchronized Binding bindLoopbackForWarmUp(List<String> transports) throws Exception {
        if (provider != null) {
            return null;
        }
        int port = PortRelease.freeLoopbackPort(transports);
        bindOnce(PortRelease.LOOPBACK, port, transports, false);
        warmingUp = true;
        return binding;
    }

    /** Removes a warm-up binding quietly; nothing happens when the node has bound for real since. */
    public synchronized void unbindWarmUp(Binding warmUp) {
        if (warmUp != null && warmUp.equals(binding)) {
            unbind(false);
        }
    }

    private void bindOnce(String host, int port, List<String> transports) throws Exception {
        bindOnce(host, port, transports, true);
    }

    private void bindOnce(String host, int port, List<String> transports, boolean announce) throws Exception {
        List<ListeningPoint> points = new ArrayList<>();
        try {
            for (String t : transports) {
                points.add(stack.createListeningPoint(host, port, t));
            }
            SipProvider p = kept;
            int first = 0;
            if (p == null) {
                p = stack.createSipProvider(points.get(0));
                p.addSipListener(listener);
                kept = p;
                first = 1;
            }
            for (int i = first; i < points.size(); i++) {
                p.addListeningPoint(points.get(i));
            }
            provider = p;
            binding = new Binding(host, port, List.copyOf(transports));
            if (announce) {
                LOG.info("SIP listening on {}:{} ({})", host, port, String.join(",", transports));
            }
        } catch (Exception | Error e) {
            for (ListeningPoint lp : points) {
                if (kept != null) {
                    try {
                        kept.removeListeningPoint(lp); // a provider may hold some of them already
                    } catch (Exception ignored) {
                        // it did not hold this one
                    }
                }
                deleteQuietly(lp);
            }
            throw e;
        }
    }

    /** Removes the listening points (the provider stays, see {@link #kept}); calls in memory are untouched. */
    public synchronized void unbind() {
        unbind(true);
    }

    private void unbind(boolean announce) {
        warmingUp = false;
        SipProvider p = provider;
        Binding b = binding;
        if (p == null) {
            return;
        }
        provider = null;
        binding = null;
        boolean released = true;
        for (ListeningPoint lp : p.getListeningPoints()) {
            released &= removeFromProvider(p, lp);
            deleteQuietly(lp);
        }
        if (!released) {
            // it would refuse the next listening point for that transport: the next bind makes a new one
            p.removeSipListener(listener);
            abandoned.add(p);
            kept = null;
        }
        // returning means released: the peer may bind the same address right after
        if (!PortRelease.awaitFree(b.host(), b.port(), b.transports())) {
            LOG.warn("SIP port {}:{} still held {} ms after its listening points were removed", b.host(), b.port(),
                    PortRelease.WAIT_MILLIS);
        }
        if (announce) {
            LOG.info("SIP listening points removed");
        }
    }

    /**
     * JAIN-SIP refuses to take a UDP listening point off its provider while received packets wait in
     * its queue ("in use"); under load they keep coming until the socket closes, so it is tried for a
     * short, bounded time. False when it never let go.
     */
    private static boolean removeFromProvider(SipProvider p, ListeningPoint lp) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                p.removeListeningPoint(lp);
                return true;
            } catch (javax.sip.ObjectInUseException e) {
                if (!PortRelease.pause()) {
                    break;
                }
            } catch (Exception e) {
                break;
            }
        }
        LOG.debug("listening point {}:{}/{} still in use; its provider is set aside", lp.getIPAddress(), lp.getPort(),
                lp.getTransport());
        return false;
    }

    /**
     * Deletes a listening point, trying again when JAIN-SIP fails half-way: its UDP processor's stop
     * can throw ConcurrentModificationException (its channel list changes under it) after the socket is
     * closed but before the point leaves the stack's table, and a point left there would be handed back,
     * dead, by the next createListeningPoint on the same address. A second try only removes it from the
     * table (the processor is already gone).
     */
    private void deleteQuietly(ListeningPoint lp) {
        for (int attempt = 1; ; attempt++) {
            try {
                stack.deleteListeningPoint(lp);
                return;
            } catch (Exception e) {
                if (attempt == 3) {
                    LOG.warn("deleting listening point {}:{}/{}: {}", lp.getIPAddress(), lp.getPort(),
                            lp.getTransport(), e.toString());
                    return;
                }
                LOG.debug("deleting listening point {}: {}; trying again", lp, e.toString());
            }
        }
    }

    public synchronized void stop() {
        unbind();
        if (kept != null) {
            kept.removeSipListener(listener);
            abandoned.add(kept);
            kept = null;
        }
        for (SipProvider p : abandoned) {
            try {
                stack.deleteSipProvider(p);
            } catch (Exception e) {
                LOG.warn("deleting SIP provider: {}", e.toString());
            }
        }
        abandoned.clear();
        BranchCollisionValve.unroute(stack);
        stack.stop();
    }

    /**
     * The provider to send with, or null while not bound. A warm-up binding does not count: nothing
     * the engine sends on its own (a takeover's resent INVITE, a retransmitted 2xx) may leave from it.
     */
    public SipProvider provider() {
        return warmingUp ? null : provider;
    }

    /** Where SIP listens, or null while not bound (a warm-up binding does not count). */
    public Binding binding() {
        return warmingUp ? null : binding;
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
