package org.dualsip.connector;

/** A refused configuration value; the message names the PID and the key(s). */
public final class InvalidSettingException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidSettingException(String message) {
        super(ConnectorSettings.PID + ": " + message);
    }

    static InvalidSettingException badValue(String key, Object value, String why) {
        return new InvalidSettingException("bad value for '" + key + "': '" + value + "' (" + why + ")");
    }
}
