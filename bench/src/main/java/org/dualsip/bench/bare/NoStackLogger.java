package org.dualsip.bench.bare;

import java.util.Properties;

import gov.nist.core.StackLogger;

/**
 * Stack logging switched off entirely: logging is the usual JAIN-SIP throughput killer, and this
 * also keeps log4j 1.x (which the default logger needs) out of the baseline.
 */
public final class NoStackLogger implements StackLogger {
    @Override public void logStackTrace() { }
    @Override public void logStackTrace(int traceLevel) { }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { }
    @Override public void logDebug(String message) { }
    @Override public void logDebug(String message, Exception ex) { }
    @Override public void logTrace(String message) { }
    @Override public void logFatalError(String message) { }
    @Override public void logError(String message) { }
    @Override public boolean isLoggingEnabled() { return false; }
    @Override public boolean isLoggingEnabled(int logLevel) { return false; }
    @Override public void logError(String message, Exception ex) { }
    @Override public void logWarning(String message) { }
    @Override public void logInfo(String message) { }
    @Override public void disableLogging() { }
    @Override public void enableLogging() { }
    @Override public void setBuildTimeStamp(String buildTimeStamp) { }
    @Override public void setStackProperties(Properties stackProperties) { }
    @Override public String getLoggerName() { return "none"; }
}
