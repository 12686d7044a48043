package io.dnsfailover.providers.rfc2136;

import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key as the server's config names it. Deliberately not a record: a record's generated
 * {@code toString} would print the secret, and this object ends up in messages and debuggers.
 */
final class TsigKey {

    /** BIND's spelling of each algorithm we accept, with dnsjava's wire name and the JCA MAC name. */
    static final Map<String, Algorithm> ALGORITHMS = Map.of(
            "hmac-sha256", new Algorithm(TSIG.HMAC_SHA256, "HmacSHA256"),
            "hmac-sha512", new Algorithm(TSIG.HMAC_SHA512, "HmacSHA512"),
            "hmac-sha384", new Algorithm(TSIG.HMAC_SHA384, "HmacSHA384"),
            "hmac-sha224", new Algorithm(TSIG.HMAC_SHA224, "HmacSHA224"),
            "hmac-sha1", new Algorithm(TSIG.HMAC_SHA1, "HmacSHA1"),
            "hmac-md5", new Algorithm(TSIG.HMAC_MD5, "HmacMD5"));

    /** A TSIG algorithm: its name in the TSIG record and the JCA MAC that computes it. */
    record Algorithm(Name wire, String jca) {}

    static final String DEFAULT_ALGORITHM = "hmac-sha256";

    private final String name;
    private final String algorithm;
    private final TSIG tsig;

    /**
     * @param name the key's name, e.g. {@code dnsfailover-key}
     * @param algorithm one of {@link #ALGORITHMS}, in any case
     * @param secret the base64 secret; kept only inside dnsjava's signer
     * @throws IllegalArgumentException naming the problem, never showing the secret
     */
    TsigKey(String name, String algorithm, String secret) {
        this(name, algorithm, secret, Clock.systemUTC());
    }

    /** With the clock that stamps each signature: TSIG fails when it differs from the server's by more than the fudge. */
    TsigKey(String name, String algorithm, String secret, Clock clock) {
        this.name = Objects.requireNonNull(name, "name").trim();
        this.algorithm = algorithm.trim().toLowerCase(Locale.ROOT);
        Algorithm algorithmNames = ALGORITHMS.get(this.algorithm);
        if (algorithmNames == null) {
            throw new IllegalArgumentException("unknown TSIG algorithm '" + algorithm + "'");
        }
        // decoded here rather than by dnsjava, whose message on bad input could quote the secret
        byte[] bytes = decodeSecret(secret);
        if (bytes == null) {
            throw new IllegalArgumentException("tsigSecret is not valid base64");
        }
        this.tsig = new TSIG(algorithmNames.wire(), keyName(this.name), new SecretKeySpec(bytes, algorithmNames.jca()), clock);
    }

    String name() {
        return name;
    }

    String algorithm() {
        return algorithm;
    }

    /** dnsjava's signer for this key. */
    TSIG signer() {
        return tsig;
    }

    /** The decoded secret, or null when it is not non-empty standard base64. */
    static byte[] decodeSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(secret.trim());
            return bytes.length == 0 ? null : bytes;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The key's name as an absolute DNS name. */
    static Name keyName(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("tsigKeyName '" + name + "' is not a DNS name", e);
        }
    }

    @Override
    public String toString() {
        return "TsigKey[" + name + ", " + algorithm + ", secret hidden]";
    }
}
