package io.dnsfailover.providers.powerdns;

import io.dnsfailover.providers.http.TxtPresentation;

/**
 * TXT content as the PowerDNS API holds it, which is zone-file presentation: one or more character-strings,
 * each in double quotes, with {@code \"}, {@code \\} and {@code \DDD} (a byte in decimal) escapes. The model
 * holds the plain text, the strings joined (see {@link io.dnsfailover.providers.RecordSet}).
 *
 * <p>PowerDNS refuses content that does not start with a quote (422 "Data field in DNS should start with
 * quote"), keeps a string over 255 bytes as given and splits it only on the DNS wire; so the adapter splits
 * it itself, at character boundaries, and what the API shows is what the wire carries.
 */
final class PowerDnsTxt {

    /** The longest character-string DNS can carry (one length byte, RFC 1035 §3.3). */
    static final int MAX_STRING_BYTES = TxtPresentation.MAX_STRING_BYTES;

    private PowerDnsTxt() {}

    /**
     * The content for one TXT value: {@code "..."} strings of at most 255 bytes each, separated by a space,
     * with {@code "} and {@code \} escaped. Other characters are written as they are (UTF-8 in the JSON).
     */
    static String content(String text) {
        return TxtPresentation.quote(text, MAX_STRING_BYTES, TxtPresentation.Numeric.DECIMAL, c -> false);
    }

    /**
     * The plain text of TXT content as PowerDNS returns it (or an operator wrote it): every string, quoted
     * or not, unescaped ({@code \DDD} in decimal) and joined, the bytes read as UTF-8.
     *
     * @throws IllegalArgumentException when a quote is left open or an escape is cut off
     */
    static String text(String content) {
        return TxtPresentation.unquote(content, TxtPresentation.Numeric.DECIMAL);
    }
}
