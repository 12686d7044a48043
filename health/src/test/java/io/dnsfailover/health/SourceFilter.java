package io.dnsfailover.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a test server does with each connection or query, by the client's source address: serve it, refuse
 * it or drop it, so that "blinded from one place" is a network fact a probe meets, not a mock. Settable
 * while the server runs; it remembers every visit, in order. Thread safe.
 *
 * @see SourceFilteringServer
 */
public final class SourceFilter {

    /** What a server does for one source. */
    public enum Action {
        /** Answers as a healthy server does. */
        SERVE,
        /** Turns it away at once: a TCP connection is accepted, then reset (SO_LINGER 0, close); a UDP DNS query is answered REFUSED. */
        REFUSE,
        /** Never answers: a TCP connection is accepted and left silent until the client gives up; a UDP query is ignored. */
        DROP
    }

    /**
     * One connection or query the server received.
     *
     * @param source the client's address
     * @param protocol {@code http}, {@code tcp} or {@code udp}
     * @param action what the server did with it
     */
    public record Visit(InetAddress source, String protocol, Action action) {}

    private final Map<InetAddress, Action> actions = new ConcurrentHashMap<>();
    private final List<Visit> visits = new CopyOnWriteArrayList<>();
    private volatile Action otherwise = Action.SERVE;

    /** From now on, does {@code action} for {@code source}. */
    public SourceFilter set(InetAddress source, Action action) {
        actions.put(source, action);
        return this;
    }

    /** From now on, does {@code action} for every source without one of its own (at first {@link Action#SERVE}). */
    public SourceFilter otherwise(Action action) {
        otherwise = action;
        return this;
    }

    /** What the server does now for {@code source}. */
    public Action actionFor(InetAddress source) {
        return actions.getOrDefault(source, otherwise);
    }

    /** Every connection or query received so far, in order. */
    public List<Visit> visits() {
        return List.copyOf(visits);
    }

    /** The source address of every visit so far, in order. */
    public List<InetAddress> sources() {
        return visits.stream().map(Visit::source).toList();
    }

    /** For a server: records a visit from {@code source} and says what to do with it. */
    Action admit(InetAddress source, String protocol) {
        Action action = actionFor(source);
        visits.add(new Visit(source, protocol, action));
        return action;
    }

    /** Resets an accepted connection: the client reads "connection reset", as from a firewall's reject with reset. */
    static void reset(Socket socket) {
        try (socket) {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already gone: the client sees the connection end either way
        }
    }
}
