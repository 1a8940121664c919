package org.dualsip.api.address;

/** A driver could not validate, acquire or release the address; the message says why. */
public class AddressException extends Exception {
    private static final long serialVersionUID = 1L;

    public AddressException(String message) {
        super(message);
    }

    public AddressException(String message, Throwable cause) {
        super(message, cause);
    }
}
