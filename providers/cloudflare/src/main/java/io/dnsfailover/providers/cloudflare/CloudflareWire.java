package io.dnsfailover.providers.cloudflare;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.http.TxtPresentation;
import java.util.List;

/**
 * The JSON of the Cloudflare API v4, as far as the adapter uses it. Every answer is an envelope
 * {@code {"success":..,"errors":[..],"messages":[..],"result":..,"result_info":..}}; names on the wire are
 * full names without the trailing dot, and so are CNAME targets. A TXT record's {@code content} is its
 * RFC 1035 presentation (see {@link #content}).
 */
final class CloudflareWire {

    private CloudflareWire() {}

    /**
     * The {@code content} to send for a value of the model. Addresses and host names go as they are. TXT
     * goes as Cloudflare documents its content: "quoted character strings (RFC 1035), each with a length of
     * up to 255 bytes", i.e. {@code "heritage=dnsfailover,owner=web1"}, {@code "} and {@code \} escaped
     * with a backslash; Cloudflare keeps API content verbatim and flags unquoted TXT content in its
     * dashboard, so the adapter quotes (and splits a text over 255 bytes) itself.
     */
    static String content(RecordType type, String value) {
        return type == RecordType.TXT ? TxtPresentation.quote(value, TxtPresentation.MAX_STRING_BYTES,
                TxtPresentation.Numeric.DECIMAL, c -> false) : value;
    }

    /**
     * The model's value of a record's {@code content}. Quoted TXT content (what the dashboard writes, and
     * this adapter) is unescaped and its strings joined; TXT content that does not start with a quote was
     * kept verbatim by the API (as it was before Cloudflare asked for quotes) and is served as one string,
     * so it is taken as it is.
     *
     * @throws IllegalArgumentException when quoted TXT content is malformed (a quote left open)
     */
    static String value(RecordType type, String content) {
        if (type != RecordType.TXT || !content.stripLeading().startsWith("\"")) {
            return content;
        }
        return TxtPresentation.unquote(content, TxtPresentation.Numeric.DECIMAL);
    }

    /** One entry of {@code errors}: a numeric code, a message, and sometimes a chain of finer causes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(Integer code, String message, @JsonProperty("error_chain") List<Message> errorChain) {

        Message {
            errorChain = errorChain == null ? List.of() : errorChain;
        }

        /** This code and every code of the chain. */
        boolean hasCode(int wanted) {
            return code != null && code == wanted || errorChain.stream().anyMatch(m -> m.hasCode(wanted));
        }

        /** e.g. {@code 1004 DNS Validation Error; 9021 TTL must be between 60 and 86400 seconds}. */
        String describe() {
            StringBuilder s = new StringBuilder();
            if (code != null) {
                s.append(code).append(' ');
            }
            s.append(message == null || message.isBlank() ? "(no message)" : message.strip());
            for (Message cause : errorChain) {
                s.append("; ").append(cause.describe());
            }
            return s.toString();
        }
    }

    /** {@code result_info} of a list: the page read and how many there are. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResultInfo(Integer page, @JsonProperty("per_page") Integer perPage, Integer count,
            @JsonProperty("total_count") Integer totalCount, @JsonProperty("total_pages") Integer totalPages) {}

    /** One zone of {@code GET /zones}; only the id and the exact name matter here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Zone(String id, String name, String status) {}

    /**
     * One DNS record. {@code ttl} 1 means "automatic" (300 s); a proxied record's public answer is
     * Cloudflare's own address, and its TTL is always automatic.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DnsRecord(String id, String type, String name, String content, Integer ttl, Boolean proxied) {

        boolean isProxied() {
            return Boolean.TRUE.equals(proxied);
        }
    }

    /** {@code POST /zones/{zone_id}/dns_records}. */
    record NewRecord(String type, String name, String content, int ttl, boolean proxied) {}

    /**
     * {@code PATCH /zones/{zone_id}/dns_records/{id}}: only the fields that change. Never PUT, which would
     * reset every field left out (notably turning a proxied record into a DNS-only one).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Patch(String content, Integer ttl) {}
}
