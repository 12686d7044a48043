package io.dnsfailover.health;

import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** A throwaway certificate authority and server certificates it signs, for the HTTPS tests. */
final class TestCertificates {

    private final HeldCertificate root = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("dnsfailover test CA")
            .build();

    /** A server context whose certificate is for {@code hostName}, valid now. */
    SSLContext serverFor(String hostName) {
        return server(new HeldCertificate.Builder()
                .commonName(hostName)
                .addSubjectAlternativeName(hostName)
                .signedBy(root)
                .build());
    }

    /** A server context whose certificate for {@code hostName} expired yesterday. */
    SSLContext expiredServerFor(String hostName) {
        Instant now = Instant.now();
        return server(new HeldCertificate.Builder()
                .commonName(hostName)
                .addSubjectAlternativeName(hostName)
                .validityInterval(now.minus(Duration.ofDays(30)).toEpochMilli(), now.minus(Duration.ofDays(1)).toEpochMilli())
                .signedBy(root)
                .build());
    }

    /** Trusts this authority only. */
    X509TrustManager trustManager() {
        return new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate()).build().trustManager();
    }

    private SSLContext server(HeldCertificate certificate) {
        return new HandshakeCertificates.Builder().heldCertificate(certificate, root.certificate()).build().sslContext();
    }
}
