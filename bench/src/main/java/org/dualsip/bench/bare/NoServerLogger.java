package org.dualsip.bench.bare;

import java.util.Properties;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;

/** Message logging switched off: the baseline must not pay for a log the dualsip node does not write. */
public final class NoServerLogger implements ServerLogger {
    @Override public void closeLogFile() { }
    @Override public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) { }
    @Override public void logMessage(SIPMessage message, String from, String to, String status,
            boolean sender, long time) { }
    @Override public void logMessage(SIPMessage message, String from, String to, String status,
            boolean sender) { }
    @Override public void logException(Exception ex) { }
    @Override public void setStackProperties(Properties stackProperties) { }
    @Override public void setSipStack(javax.sip.SipStack sipStack) { }
}
