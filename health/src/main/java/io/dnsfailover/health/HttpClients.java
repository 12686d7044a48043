package io.dnsfailover.health;

import java.net.Proxy;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.OkHttpClient;

/**
 * The two base clients HTTP checks derive from: one verifying certificates, one accepting any. Both share
 * one dispatcher, so closing the checker can cancel every call in flight, and one source address.
 */
final class HttpClients {

    private final OkHttpClient verifying;
    private final OkHttpClient insecure;

    /**
     * @param trustManager the trusted certificates, or {@code null} for the JVM's trust store
     * @param source where every connection leaves from
     */
    HttpClients(X509TrustManager trustManager, SourceAddress source) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                // A probe must reach the target itself, never a proxy configured for the JVM.
                .proxy(Proxy.NO_PROXY)
                // No idle connections: every probe opens its own, so a probe proves the server still accepts.
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .cookieJar(CookieJar.NO_COOKIES)
                .cache(null);
        if (source.address() != null) {
            // TLS is layered on these sockets, so HTTPS leaves from the source address too.
            builder.socketFactory(source.socketFactory());
        }
        if (trustManager != null) {
            builder.sslSocketFactory(sslContext(trustManager).getSocketFactory(), trustManager);
        }
        verifying = builder.build();
        TrustAll trustAll = new TrustAll();
        insecure = verifying.newBuilder()
                .sslSocketFactory(sslContext(trustAll).getSocketFactory(), trustAll)
                .hostnameVerifier((hostname, session) -> true)
                .build();
    }

    /** The base for a probe: {@code tlsVerify=false} gets the client that accepts any certificate and name. */
    OkHttpClient base(boolean tlsVerify) {
        return tlsVerify ? verifying : insecure;
    }

    /** Cancels every call in flight; their probes end at once as UNKNOWN. */
    void cancelAll() {
        verifying.dispatcher().cancelAll();
    }

    private static SSLContext sslContext(TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts every chain. Extended, so that the JDK does not wrap it with its own host name check:
     * {@code tlsVerify=false} means any certificate for any name.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
