package io.dnsfailover.controller.schedule;

import io.dnsfailover.controller.state.StoreUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once when a node of a cluster loses its database and once when it has it again; meanwhile the node's
 * saves of its observations fail quietly (the loss is already said) and nothing is decided or written, for the
 * ticks and the fence live in the database. Probing goes on.
 */
final class DatabaseWatch {

    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);

    private volatile boolean lost;

    /** Runs {@code r}; a lost database makes it fail quietly after the first time. */
    void quietly(Runnable r) {
        try {
            r.run();
            if (lost) {
                lost = false;
                log.warn("the cluster's database answers again: this node decides and writes again");
            }
        } catch (StoreUnreachableException e) {
            if (!lost) {
                lost = true;
                log.error("lost the cluster's database: this node decides and writes nothing until it is back; probing"
                        + " goes on ({})", e.getMessage());
            }
        }
    }

    boolean lost() {
        return lost;
    }
}
