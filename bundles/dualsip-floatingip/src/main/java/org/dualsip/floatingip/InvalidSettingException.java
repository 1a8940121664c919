package org.dualsip.floatingip;

/**
 * A configuration value that cannot be used. Carries the PID and key so that the log line tells the
 * operator exactly which line of which file to fix.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String pid;
    private final String key;

    public InvalidSettingException(String pid, String key, String value, String why) {
        super(pid + ": invalid value '" + value + "' for key '" + key + "': " + why);
        this.pid = pid;
        this.key = key;
    }

    public String pid() {
        return pid;
    }

    public String key() {
        return key;
    }
}
