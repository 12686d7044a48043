package io.dnsfailover.providers.rfc2136;

import io.dnsfailover.providers.ProviderException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Update;

/**
 * Sends DNS messages to one server: non-recursive queries over UDP (dnsjava retries over TCP when the
 * answer is truncated) and UPDATEs over TCP, both TSIG-signed when a key is configured, with the
 * server's signature on every answer verified. Each failure is classified by {@link Rfc2136Failures};
 * nothing is retried here.
 *
 * <p>Thread safe: every call builds its own resolver, and the host name is resolved at call time, so
 * creating a client does no I/O.
 */
final class Rfc2136Client {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final int port;
    private final TsigKey key;
    private final Duration timeout;
    private final Rfc2136Failures failures;

    /**
     * @param host the server's IP address or host name
     * @param key the key to sign with, or null to send unsigned messages
     */
    Rfc2136Client(String host, int port, TsigKey key, Duration timeout) {
        this.host = host;
        this.port = port;
        this.key = key;
        this.timeout = timeout;
        this.failures = new Rfc2136Failures(server(), key, timeout);
    }

    /** The server as messages name it, e.g. {@code 127.0.0.1:53} or {@code [2001:db8::53]:53}. */
    String server() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Asks for {@code name}/{@code type} without recursion and returns the authoritative answer, which may
     * be NXDOMAIN or empty.
     *
     * @throws ProviderException NOT_FOUND when the server does not serve {@code zone}, AUTH for a TSIG
     *     problem, UNAVAILABLE when there is no answer or SERVFAIL
     */
    Message query(String zone, Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        // an authoritative server should answer from its zone, never from recursion or a cache
        query.getHeader().unsetFlag(Flags.RD);
        Message response = send(query, false, zone, "query");
        failures.checkQuery(response, zone);
        return response;
    }

    /**
     * Sends an UPDATE and returns when the server applied it.
     *
     * @param record what the update is about, for messages, e.g. {@code www.example.com A}
     * @throws ProviderException CONFLICT when a prerequisite failed, AUTH when refused or badly signed, ...
     */
    void update(String zone, Update update, String record) {
        // TCP: a lost UDP datagram would leave us guessing whether the update was applied
        Message response = send(update, true, zone, "update");
        failures.checkUpdate(response, zone, record);
    }

    private Message send(Message message, boolean tcp, String zone, String what) {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
            resolver.setTimeout(timeout);
            resolver.setTCP(tcp);
            if (key != null) {
                resolver.setTSIGKey(key.signer());
            }
            return resolver.send(message);
        } catch (IOException e) {
            throw failures.unreachable(e, zone, what);
        }
    }

    @Override
    public String toString() {
        return "Rfc2136Client[" + server() + (key == null ? ", unsigned" : ", " + key) + "]";
    }
}
