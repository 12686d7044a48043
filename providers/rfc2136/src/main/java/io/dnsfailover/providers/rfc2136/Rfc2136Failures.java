package io.dnsfailover.providers.rfc2136;

import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/**
 * Turns what a server answered (or failed to answer) into a {@link ProviderException} whose message names
 * the server and zone and says what to change. Never sees the TSIG secret, so cannot print it.
 */
final class Rfc2136Failures {

    private final String server;
    private final TsigKey key;
    private final Duration timeout;

    /**
     * @param server e.g. {@code 127.0.0.1:53}
     * @param key the configured key, or null when messages go unsigned
     */
    Rfc2136Failures(String server, TsigKey key, Duration timeout) {
        this.server = server;
        this.key = key;
        this.timeout = timeout;
    }

    /**
     * Checks that the answer is about our key's signature and is signed by the server: a TSIG error
     * (BADSIG, BADKEY, BADTIME) explains a NOTAUTH better than the rcode does, so it is looked at first.
     */
    void checkSignature(Message response, String zone) {
        TSIGRecord tsig = response.getTSIG();
        if (tsig != null && tsig.getError() != Rcode.NOERROR) {
            throw tsigError(tsig.getError(), zone);
        }
        if (key != null && !response.isVerified()) {
            // a server that knows the key signs every answer; an unsigned or badly signed one is not it
            throw new ProviderException(Kind.AUTH, "the answer from server " + server + " for zone " + zone
                    + " is not signed with key " + key.name() + " (" + Rcode.string(response.getRcode())
                    + "): check that server is the zone's primary and that it holds key " + key.name());
        }
    }

    /** Accepts NOERROR and NXDOMAIN from a server authoritative for the zone; classifies the rest. */
    void checkQuery(Message response, String zone) {
        checkSignature(response, zone);
        int rcode = response.getRcode();
        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            if (!response.getHeader().getFlag(Flags.AA)) {
                // a resolver's cached answer or a referral says nothing about what the primary holds
                throw notAuthoritative(zone);
            }
            return;
        }
        throw switch (rcode) {
            case Rcode.REFUSED -> new ProviderException(Kind.NOT_FOUND, "server " + server + " refused to answer for zone "
                    + zone + ": it does not serve that zone (or its allow-query leaves this host out): point server at the zone's primary");
            case Rcode.NOTAUTH -> notAuthoritative(zone);
            default -> common(rcode, zone, "query");
        };
    }

    /**
     * Accepts NOERROR; a failed prerequisite is a CONFLICT (someone changed the set after we read it),
     * the rest is classified.
     */
    void checkUpdate(Message response, String zone, String record) {
        checkSignature(response, zone);
        int rcode = response.getRcode();
        if (rcode == Rcode.NOERROR) {
            return;
        }
        throw switch (rcode) {
            case Rcode.NXRRSET, Rcode.YXRRSET, Rcode.NXDOMAIN, Rcode.YXDOMAIN -> new ProviderException(Kind.CONFLICT,
                    record + " in zone " + zone + " changed between read and write (server " + server + " answered "
                    + Rcode.string(rcode) + " to the prerequisite); re-read");
            case Rcode.REFUSED -> new ProviderException(Kind.AUTH, key == null
                    ? "server " + server + " refused the unsigned update of zone " + zone
                            + ": set tsigKeyName and tsigSecret to a key that the zone's update-policy grants"
                    : "server " + server + " refused the update of zone " + zone + " (" + record + "): allow updates"
                            + " signed with key " + key.name() + " for that name and type (update-policy { grant " + key.name()
                            + " zonesub ANY; }; a grant of only the managed name leaves out its _dnsfailover marker) or check"
                            + " tsigKeyName");
            case Rcode.NOTAUTH -> notAuthoritative(zone);
            case Rcode.NOTZONE -> new ProviderException(Kind.INVALID, record + " is not inside zone " + zone
                    + " as server " + server + " sees it: check the record's zone");
            default -> common(rcode, zone, "update");
        };
    }

    /** A failure to get any answer: always transient, the server may be back soon. */
    ProviderException unreachable(IOException e, String zone, String what) {
        String message;
        if (isTimeout(e)) {
            message = "no answer from server " + server + " within " + timeout.toSeconds() + " s to the " + what + " for zone "
                    + zone + ": check that the server runs and that this host may reach it (firewall, listen-on)";
        } else if (e instanceof PortUnreachableException || e instanceof ConnectException) {
            message = "nothing answers DNS at server " + server + " (" + what + " for zone " + zone
                    + "): check that the server runs and listens on that address and port";
        } else if (e instanceof UnknownHostException) {
            message = "cannot resolve the host name of server " + server + " (" + what + " for zone " + zone
                    + "): check server, or give its IP address";
        } else {
            message = "the " + what + " for zone " + zone + " to server " + server + " failed: " + e.getMessage();
        }
        return new ProviderException(Kind.UNAVAILABLE, message, null, e);
    }

    private ProviderException tsigError(int error, String zone) {
        String name = key == null ? "(none)" : key.name();
        String message = switch (error) {
            case Rcode.BADSIG -> "server " + server + " rejected the signature for zone " + zone
                    + " (BADSIG): tsigSecret does not match the key " + name + " on the server";
            case Rcode.BADKEY -> "server " + server + " does not know key " + name + " (BADKEY, zone " + zone
                    + "): check tsigKeyName and tsigAlgorithm against the key in the server's config";
            case Rcode.BADTIME -> "server " + server + " rejected the signature with key " + name + " (BADTIME, zone " + zone
                    + "): clocks differ by more than the fudge: check NTP on both hosts";
            default -> "server " + server + " rejected the signature with key " + name + " for zone " + zone
                    + " (" + Rcode.TSIGstring(error) + "): check tsigKeyName, tsigAlgorithm and tsigSecret";
        };
        return new ProviderException(Kind.AUTH, message);
    }

    private ProviderException notAuthoritative(String zone) {
        return new ProviderException(Kind.NOT_FOUND, "server " + server + " is not authoritative for zone " + zone
                + ": point server at the zone's primary");
    }

    private ProviderException common(int rcode, String zone, String what) {
        String name = Rcode.string(rcode);
        return switch (rcode) {
            case Rcode.SERVFAIL -> new ProviderException(Kind.UNAVAILABLE, "server " + server + " failed the " + what
                    + " for zone " + zone + " (SERVFAIL): see the server's log (zone not loaded, disk full, ...)");
            case Rcode.FORMERR -> new ProviderException(Kind.INVALID, "server " + server + " rejected the " + what
                    + " for zone " + zone + " as malformed (FORMERR)");
            case Rcode.NOTIMP -> new ProviderException(Kind.INVALID, "server " + server + " does not implement the "
                    + what + " for zone " + zone + " (NOTIMP): point server at a primary that accepts RFC 2136 updates");
            default -> new ProviderException(Kind.INVALID, "server " + server + " answered " + name + " to the " + what
                    + " for zone " + zone);
        };
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                    || t.getMessage() != null && t.getMessage().startsWith("Timed out")) {
                return true;
            }
        }
        return false;
    }
}
