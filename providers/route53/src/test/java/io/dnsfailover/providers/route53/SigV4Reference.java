package io.dnsfailover.providers.route53;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 written out step by step from AWS's documentation (IAM User Guide, "Create a
 * signed AWS API request"), with nothing but javax.crypto: the known answer the adapter's requests are
 * checked against. It shares no code with the adapter or with the AWS signer library, and is itself
 * checked against AWS's published test vectors in {@link SigV4ReferenceTest}.
 */
final class SigV4Reference {

    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private SigV4Reference() {}

    /**
     * The Authorization header value.
     *
     * @param path the canonical URI (already encoded; the paths used here need no encoding)
     * @param query decoded parameters; sorted and RFC 3986-encoded here
     * @param headers lower-case names to values; all of them are signed
     */
    static String authorization(String accessKeyId, String secret, String amzDate, String region, String service,
            String method, String path, Map<String, String> query, Map<String, String> headers, String payloadSha256) {
        String date = amzDate.substring(0, 8);
        SortedMap<String, String> sortedHeaders = new TreeMap<>(headers);
        String signedHeaders = String.join(";", sortedHeaders.keySet());
        String canonicalRequest = method + "\n"
                + path + "\n"
                + canonicalQuery(query) + "\n"
                + sortedHeaders.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().trim() + "\n").collect(Collectors.joining())
                + "\n"
                + signedHeaders + "\n"
                + payloadSha256;
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        String signature = hex(hmac(signingKey(secret, date, region, service), stringToSign));
        return "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] kDate = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = hmac(kDate, region);
        byte[] kService = hmac(kRegion, service);
        return hmac(kService, "aws4_request");
    }

    static String canonicalQuery(Map<String, String> query) {
        return new TreeMap<>(query).entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** RFC 3986: everything but A-Z a-z 0-9 - _ . ~ as %XX, upper-case hex. */
    static String encode(String text) {
        StringBuilder s = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
                s.append((char) c);
            } else {
                s.append(String.format("%%%02X", c));
            }
        }
        return s.toString();
    }

    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] data) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
