package org.dualsip.demo;

/** A configuration value that cannot be used; the message names the PID and the key. */
public class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidSettingException(String key, String value, String why) {
        super(DemoSettings.PID + ": invalid value '" + value + "' for key '" + key + "': " + why);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
