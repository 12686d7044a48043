package io.dnsfailover.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whose-fault rules, fed with exceptions built the way the JDK, OkHttp and dnsjava build them: most
 * checker-side conditions (no route from here, no local address) cannot be produced on loopback.
 */
class FailuresTest {

    private static final Failures.Where CONNECTING = new Failures.Where("203.0.113.10:443", "atlanta1.hosting.com", Duration.ofSeconds(3), "no connection");

    private static Failures.Failure classify(Throwable e) {
        return Failures.classify(e, CONNECTING);
    }

    /** OkHttp reports a failed connect as "Failed to connect to /ip:port" wrapping the JDK's exception. */
    private static IOException okHttpConnectFailure(IOException cause) {
        ConnectException wrapper = new ConnectException("Failed to connect to /203.0.113.10:443");
        wrapper.initCause(cause);
        return wrapper;
    }

    @Test
    void connectionRefusedIsTheTargetsFault() {
        assertThat(classify(okHttpConnectFailure(new ConnectException("Connection refused"))))
                .isEqualTo(new Failures.Failure(Health.DOWN, "connection refused (203.0.113.10:443)"));
    }

    @Test
    void noRouteToHostIsTheTargetsFault() {
        // EHOSTUNREACH comes back from the network near the target (an ICMP host unreachable).
        assertThat(classify(new NoRouteToHostException("No route to host")))
                .isEqualTo(new Failures.Failure(Health.DOWN, "no route to host (203.0.113.10:443)"));
    }

    @Test
    void connectionResetIsTheTargetsFault() {
        assertThat(classify(new SocketException("Connection reset by peer")))
                .isEqualTo(new Failures.Failure(Health.DOWN, "connection reset by 203.0.113.10:443"));
    }

    @Test
    void aConnectionClosedMidResponseIsTheTargetsFault() {
        assertThat(classify(new IOException("unexpected end of stream on http://atlanta1.hosting.com/...", new EOFException())).reason())
                .isEqualTo("connection closed by 203.0.113.10:443 before a complete response");
    }

    @Test
    void aConnectTimeoutIsTheTargetsFaultAndSaysHowFarItGot() {
        assertThat(classify(new SocketTimeoutException("Connect timed out")))
                .isEqualTo(new Failures.Failure(Health.DOWN, "timeout after 3000 ms (no connection)"));
    }

    @Test
    void okHttpsCallTimeoutIsATimeoutNotACancellation() {
        // OkHttp cancels the call when its call timeout fires, then reports "timeout" wrapping "Canceled".
        InterruptedIOException timeout = new InterruptedIOException("timeout");
        timeout.initCause(new IOException("Canceled"));
        Failures.Where waiting = new Failures.Where("203.0.113.10:443", null, Duration.ofSeconds(3), "connected, no response");

        assertThat(Failures.classify(timeout, waiting))
                .isEqualTo(new Failures.Failure(Health.DOWN, "timeout after 3000 ms (connected, no response)"));
    }

    @Test
    void aDnsjavaTimeoutIsATimeout() {
        IOException timeout = new IOException("Timed out while trying to resolve atlanta1.test./A, id=4242", new TimeoutException());

        assertThat(classify(timeout).state()).isEqualTo(Health.DOWN);
        assertThat(classify(timeout).reason()).startsWith("timeout after 3000 ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Network is unreachable",
        "Network is unreachable (connect failed)",
        "Cannot assign requested address",
        "Address family not supported by protocol",
        "Protocol family unavailable",
        "Permission denied",
        "Operation not permitted",
        "Too many open files",
    })
    void aFailureOnTheCheckersOwnSideIsUnknown(String errno) {
        assertThat(classify(okHttpConnectFailure(new SocketException(errno))).state()).isEqualTo(Health.UNKNOWN);
        assertThat(classify(new BindException(errno)).state()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void aSourceAddressTheProbeCannotLeaveFromIsUnknownWithItsOwnReasonWhereverItIsInTheChain() {
        String reason = "cannot send from source address 192.0.2.9: not an address of this machine (check cluster.sourceAddress)";
        IOException unusable = new SourceAddress.Unusable(reason, new BindException("Cannot assign requested address"));
        IOException laterRoute = new ConnectException("Network is unreachable");
        laterRoute.addSuppressed(unusable);

        assertThat(classify(unusable)).isEqualTo(new Failures.Failure(Health.UNKNOWN, reason));
        assertThat(classify(laterRoute)).isEqualTo(new Failures.Failure(Health.UNKNOWN, reason));
    }

    @Test
    void dnsjavaFindingNoSourcePortIsTheCheckersProblem() {
        // dnsjava's words when every attempt to bind its UDP socket failed.
        assertThat(classify(new IOException("No available source port found")))
                .isEqualTo(new Failures.Failure(Health.UNKNOWN, "the checker found no local UDP port to send from to reach 203.0.113.10:443"));
    }

    @Test
    void networkUnreachableSaysItIsFromTheChecker() {
        assertThat(classify(new ConnectException("Network is unreachable")).reason())
                .isEqualTo("network is unreachable from the checker (203.0.113.10:443)");
    }

    @Test
    void anUnresolvableTargetNameIsUnknown() {
        assertThat(classify(new UnknownHostException("backup.example.net: Name or service not known")))
                .isEqualTo(new Failures.Failure(Health.UNKNOWN, "could not resolve backup.example.net from the checker"));
    }

    @Test
    void interruptionIsUnknown() {
        assertThat(classify(new IOException(new InterruptedException())).state()).isEqualTo(Health.UNKNOWN);
        assertThat(classify(new InterruptedIOException("interrupted")).state()).isEqualTo(Health.UNKNOWN);
        assertThat(classify(new ClosedByInterruptException()).state()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void aRejectedProbeIsUnknown() {
        assertThat(classify(new RejectedExecutionException("pool shut down")).state()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void aCallCanceledByClosingTheCheckerIsUnknown() {
        assertThat(classify(new IOException("Canceled")).state()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void aCertificateForAnotherNameSaysWhichNamesItIsFor() {
        SSLPeerUnverifiedException e = new SSLPeerUnverifiedException("""
                Hostname atlanta1.hosting.com not verified:
                    certificate: sha256/AAAA
                    DN: CN=dallas2.hosting.com
                    subjectAltNames: [dallas2.hosting.com, www.dallas2.hosting.com]""");

        assertThat(classify(e)).isEqualTo(new Failures.Failure(Health.DOWN,
                "TLS: certificate does not match atlanta1.hosting.com (it is for dallas2.hosting.com, www.dallas2.hosting.com)"));
    }

    @Test
    void anExpiredCertificateSaysSoRatherThanUntrusted() {
        CertPathValidatorException validator = new CertPathValidatorException("validity check failed",
                new CertificateExpiredException("NotAfter: Sat Nov 21 00:00:00 UTC 2026"));
        SSLHandshakeException e = new SSLHandshakeException("PKIX path validation failed: " + validator);
        e.initCause(validator);

        assertThat(classify(e)).isEqualTo(new Failures.Failure(Health.DOWN, "TLS: certificate expired (NotAfter: Sat Nov 21 00:00:00 UTC 2026)"));
    }

    @Test
    void anUnknownAuthorityIsNotTrusted() {
        CertPathBuilderException builder = new CertPathBuilderException("unable to find valid certification path to requested target");
        SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed: " + builder);
        e.initCause(builder);

        assertThat(classify(e))
                .isEqualTo(new Failures.Failure(Health.DOWN, "TLS: certificate not trusted (unable to find valid certification path to requested target)"));
    }

    @Test
    void anyOtherTlsFailureIsAFailedHandshake() {
        assertThat(classify(new SSLException("Received fatal alert: handshake_failure")))
                .isEqualTo(new Failures.Failure(Health.DOWN, "TLS: handshake with 203.0.113.10:443 failed (Received fatal alert: handshake_failure)"));
    }

    @Test
    void anUnrecognisedIoErrorIsTheTargetsFaultOnOneLine() {
        Failures.Failure failure = classify(new IOException("stream was reset:\nPROTOCOL_ERROR"));

        assertThat(failure).isEqualTo(new Failures.Failure(Health.DOWN, "I/O error with 203.0.113.10:443: stream was reset: PROTOCOL_ERROR"));
    }

    @Test
    void aDefectInTheCheckerIsNeverEvidenceAgainstTheTarget() {
        assertThat(classify(new IllegalStateException("bug")))
                .isEqualTo(new Failures.Failure(Health.UNKNOWN, "the check failed inside the checker: bug"));
    }

    @Test
    void aTimeoutResultCarriesItsLatencyAndAnUnknownOneNone() {
        java.time.Instant at = java.time.Instant.parse("2026-11-21T12:00:00Z");

        assertThat(classify(new SocketTimeoutException("Connect timed out")).toResult(at, Duration.ofSeconds(3)).latency())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(classify(new SocketException("Network is unreachable")).toResult(at, Duration.ofMillis(1)).latency()).isNull();
    }
}
