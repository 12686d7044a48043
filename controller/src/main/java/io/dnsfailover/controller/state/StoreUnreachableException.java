package io.dnsfailover.controller.state;

/**
 * The state store cannot be reached now (a database down or unreachable, a login refused): nothing is known
 * about the state, which is neither empty nor lost. The message names the store, never a secret.
 */
public class StoreUnreachableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public StoreUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
