package io.dnsfailover.providers.route53;

import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.Request;
import okhttp3.RequestBody;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Signs each request with AWS Signature Version 4 for service {@code route53} in {@code us-east-1} (Route 53
 * is global, but AWS wants that scope), using the AWS signer library and credentials from an AWS
 * credentials provider: the configured keys, a named profile, or the default chain. Credentials are
 * resolved for every request, so rotated role credentials are picked up. Thread safe.
 */
final class Route53Signer implements AutoCloseable {

    static final String SERVICE = "route53";
    static final String REGION = "us-east-1";

    private final String provider;
    private final AwsCredentialsProvider credentials;
    private final String source;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    /** The credentials of the last request, so that any message can be scrubbed of them. */
    private volatile AwsCredentialsIdentity last;

    /**
     * @param provider the config's name of the provider, for messages
     * @param source where the credentials come from and what to check, e.g. "accessKeyId and secretAccessKey"
     * @param clock the signing time (fixed in tests)
     */
    Route53Signer(String provider, AwsCredentialsProvider credentials, String source, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The request with {@code Host}, {@code X-Amz-Date}, {@code x-amz-content-sha256}, the session token when
     * there is one, and {@code Authorization} set as signed.
     *
     * @param body the exact bytes OkHttp will send, or null for none
     * @throws ProviderException AUTH when no credentials can be found
     */
    Request sign(Request request, byte[] body) {
        AwsCredentialsIdentity identity = resolve();
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(request.url().uri());
        RequestBody requestBody = request.body();
        if (requestBody != null && requestBody.contentType() != null) {
            // sign the content type OkHttp will send, character for character
            unsigned.putHeader("Content-Type", requestBody.contentType().toString());
        }
        SignedRequest signed = signer.sign(r -> {
            r.identity(identity)
                    .request(unsigned.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock);
            if (body != null) {
                r.payload(ContentStreamProvider.fromByteArray(body));
            }
        });
        Request.Builder out = request.newBuilder();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Content-Type")) {
                out.header(header.getKey(), String.join(",", header.getValue()));
            }
        }
        return out.build();
    }

    private AwsCredentialsIdentity resolve() {
        try {
            AwsCredentialsIdentity identity = credentials.resolveCredentials();
            last = identity;
            return identity;
        } catch (RuntimeException e) {
            // the SDK says which sources it tried; its messages carry no key material
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (reason.length() > 400) {
                reason = reason.substring(0, 400) + "...";
            }
            throw new ProviderException(Kind.AUTH, "provider '" + provider + "': no AWS credentials for Route 53 from "
                    + source + " (" + reason + "): " + hint(), null, null);
        }
    }

    /** What a user should check when Route 53 rejects the credentials. */
    String hint() {
        return "check " + source;
    }

    /** Where the credentials come from, for messages. */
    String source() {
        return source;
    }

    /** {@code text} with the last credentials used (key id, secret, session token) replaced by placeholders. */
    String redact(String text) {
        AwsCredentialsIdentity identity = last;
        if (text == null || identity == null) {
            return text;
        }
        String out = replace(text, identity.secretAccessKey(), "<secretAccessKey>");
        if (identity instanceof AwsSessionCredentialsIdentity session) {
            out = replace(out, session.sessionToken(), "<sessionToken>");
        }
        return replace(out, identity.accessKeyId(), "<accessKeyId>");
    }

    private static String replace(String text, String secret, String placeholder) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, placeholder);
    }

    @Override
    public void close() {
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "Route53Signer[" + SERVICE + "/" + REGION + ", credentials from " + source + "]";
    }
}
