package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dualsip.sip.engine.SessionTimerNegotiation.Grant;
import org.dualsip.sip.engine.SessionTimerNegotiation.Refresher;
import org.dualsip.sip.engine.SessionTimerNegotiation.Terms;
import org.dualsip.sip.record.SessionTimer;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.Test;

/** RFC 4028 rules as the UAS of a request, and the timer arithmetic, without a network. */
class SessionTimerNegotiationTest {

    static final StackSettings ON = StackSettings.defaults().withPort(5060, List.of("udp")).withSessionTimer(1800, 90);

    @Test
    void parsesIntervalRefresherAndMinSe() throws Exception {
        Terms t = SessionTimerNegotiation.parse(" 600 ; refresher=UAS", "120", true);
        assertEquals(new Terms(600, Refresher.UAS, 120, true), t);
        assertEquals(Terms.NONE.sessionExpires(), SessionTimerNegotiation.parse(null, null, false).sessionExpires());
        assertThrows(SessionTimerNegotiation.BadTerms.class, () -> SessionTimerNegotiation.parse("abc", null, true));
        assertThrows(SessionTimerNegotiation.BadTerms.class, () -> SessionTimerNegotiation.parse("0", null, true));
    }

    @Test
    void belowOurMinSeIs422WithOurMinSeWhenTheUacSupportsTimers() {
        Grant g = SessionTimerNegotiation.grant(new Terms(60, Refresher.NONE, 0, true), ON);
        assertEquals(90, g.tooSmallMinSe());
        assertFalse(g.granted());
    }

    @Test
    void belowOurMinSeFromAUacWithoutTimerSupportIsRaisedNotRefused() {
        Grant g = SessionTimerNegotiation.grant(new Terms(60, Refresher.NONE, 0, false), ON);
        assertEquals(0, g.tooSmallMinSe());
        assertEquals(90, g.interval());
        assertTrue(g.localRefresher(), "a UAC without timer support cannot refresh: we do");
        assertFalse(g.requireTimer());
    }

    @Test
    void askedIntervalIsLoweredToOursButNeverBelowEitherMinSe() {
        assertEquals(1800, SessionTimerNegotiation.grant(new Terms(7200, Refresher.NONE, 0, true), ON).interval());
        assertEquals(300, SessionTimerNegotiation.grant(new Terms(300, Refresher.NONE, 0, true), ON).interval());
        StackSettings low = ON.withSessionTimer(100, 90);
        assertEquals(150, SessionTimerNegotiation.grant(new Terms(400, Refresher.NONE, 150, true), low).interval());
    }

    @Test
    void refresherIsTheOneAskedElseTheUacWhenItSupportsTimersElseUs() {
        assertTrue(SessionTimerNegotiation.grant(new Terms(600, Refresher.UAS, 0, true), ON).localRefresher());
        assertFalse(SessionTimerNegotiation.grant(new Terms(600, Refresher.UAC, 0, true), ON).localRefresher());
        Grant none = SessionTimerNegotiation.grant(new Terms(600, Refresher.NONE, 0, true), ON);
        assertFalse(none.localRefresher());
        assertTrue(none.requireTimer());
        assertTrue(SessionTimerNegotiation.grant(new Terms(0, Refresher.NONE, 0, false), ON).localRefresher());
    }

    @Test
    void withoutSessionExpiresOursIsGranted() {
        Grant g = SessionTimerNegotiation.grant(new Terms(0, Refresher.NONE, 0, true), ON);
        assertEquals(1800, g.interval());
        assertEquals(90, g.minSe());
    }

    @Test
    void offGrantsNothingAndRefusesNothing() {
        Grant g = SessionTimerNegotiation.grant(new Terms(10, Refresher.NONE, 0, true), ON.withSessionTimer(0, 90));
        assertEquals(Grant.NONE, g);
    }

    @Test
    void refreshAtHalfExpiryAtTheIntervalMinusTheLesserOf32SecondsAndAThird() {
        SessionTimer t = new SessionTimer(1800, true, 1_000_000, 90, false, true, 0);
        assertEquals(1_000_000 + 900_000, t.refreshDueMillis());
        assertEquals(1_000_000 + 1_800_000 - 32_000, t.expiryMillis());
        SessionTimer shortOne = new SessionTimer(90, false, 0 + 1, 90, false, true, 0);
        assertEquals(1 + 90_000 - 30_000, shortOne.expiryMillis());
    }

    @Test
    void sessionExpiresValueNamesTheRefresherWhenKnown() {
        assertEquals("1800", SessionTimerNegotiation.sessionExpiresValue(1800, Refresher.NONE));
        assertEquals("90;refresher=uas", SessionTimerNegotiation.sessionExpiresValue(90, Refresher.UAS));
    }
}
