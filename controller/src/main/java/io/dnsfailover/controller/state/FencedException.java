package io.dnsfailover.controller.state;

/**
 * A group's state was not saved because another process holds the group's lease (a cluster's fence): whoever
 * saves the state is the one writer of the group's record, so whatever was to follow the save (a write to a
 * provider) must not happen either.
 */
public class FencedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public FencedException(String message) {
        super(message);
    }
}
