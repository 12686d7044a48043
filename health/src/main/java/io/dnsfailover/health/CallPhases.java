package io.dnsfailover.health;

import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Follows one HTTP call far enough to say, when it times out, how far it got: a timeout before the TCP
 * connection points at the network or a dead host, one after it at a stuck server.
 *
 * <p>One instance per call; OkHttp may report events from another thread than the caller's, hence volatile.
 */
final class CallPhases extends EventListener {

    /** How far a call got. */
    enum Phase {
        NOT_CONNECTED("no connection"),
        TLS_HANDSHAKE("connected, TLS handshake not finished"),
        CONNECTED("connected, no response"),
        HEADERS_RECEIVED("response headers received, body not finished");

        private final String waitingFor;

        Phase(String waitingFor) {
            this.waitingFor = waitingFor;
        }

        /** What had not happened yet, for a timeout reason. */
        String waitingFor() {
            return waitingFor;
        }
    }

    private volatile Phase phase = Phase.NOT_CONNECTED;
    private volatile InetSocketAddress remote;

    Phase phase() {
        return phase;
    }

    /** The address of the latest connection attempt, or {@code null} before one started. */
    InetSocketAddress remote() {
        return remote;
    }

    @Override
    public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
        remote = inetSocketAddress;
        phase = Phase.NOT_CONNECTED;
    }

    @Override
    public void secureConnectStart(Call call) {
        phase = Phase.TLS_HANDSHAKE;
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        phase = Phase.CONNECTED;
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
        phase = Phase.CONNECTED;
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        phase = Phase.CONNECTED;
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        phase = Phase.HEADERS_RECEIVED;
    }
}
