package io.dnsfailover.providers.constellix;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.dnsfailover.providers.http.TxtPresentation;
import java.util.List;

/**
 * The JSON of the Constellix DNS API v4, as far as the adapter uses it. Record names are relative to the
 * domain ({@code ""} for the apex); one record object holds every value of a name and type.
 */
final class ConstellixWire {

    private ConstellixWire() {}

    /** {@code GET /search/domains?name=}: shallow domains, possibly neighbours of the name asked for. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DomainPage(List<DomainRef> data, Meta meta) {
        DomainPage {
            data = data == null ? List.of() : data;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DomainRef(Long id, String name) {}

    /** {@code GET /domains/{id}/records?page=&perPage=}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordPage(List<Record> data, Meta meta) {
        RecordPage {
            data = data == null ? List.of() : data;
        }
    }

    /** {@code POST}/{@code PUT} answers: {@code {"data": {...record...}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Single(Record data) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Meta(Pagination pagination, Links links) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Pagination(Integer total, Integer count, Integer perPage, Integer currentPage, Integer totalPages) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Links(String next) {}

    /**
     * One record object. {@code value} is a list of {@link Value}s in the {@code standard} mode, but an
     * object in {@code failover} and a list of pool ids in {@code pools}, hence a tree. {@code region},
     * {@code ipfilter} and {@code geoproximity} say the record answers only some clients.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Record(Long id, String type, String name, Integer ttl, Boolean enabled, String mode, String region,
            JsonNode ipfilter, JsonNode geoproximity, String notes, JsonNode value) {}

    /**
     * The text of a TXT value as read. The v4 API holds a TXT value as the text itself (Constellix's v4 SDKs
     * send and read {@code {"enabled": true, "value": "My text record"}}: spaces and all, no quotes), which is
     * what the adapter writes. A value written as the v1 API and its clients write TXT (one quoted
     * RFC 1035 string, {@code "\"token\""}: lego, Terraform's v1 provider) is unquoted and unescaped; any
     * other value is the text as it is.
     */
    static String text(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            try {
                return TxtPresentation.unquote(value, TxtPresentation.Numeric.DECIMAL);
            } catch (IllegalArgumentException e) {
                return value; // a text that merely starts and ends with a quote
            }
        }
        return value;
    }

    /** One value of a standard record; a disabled value is kept but not served. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Value(boolean enabled, String value) {}

    /**
     * The body of {@code POST /domains/{id}/records} and {@code PUT /domains/{id}/records/{recordId}}: the
     * whole record, since it is not documented whether PUT merges or replaces. {@code notes} is sent back
     * as read, so that a replacing PUT does not wipe a note someone wrote.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String name, String type, int ttl, boolean enabled, String mode, List<Value> value, String notes) {}

    /**
     * Constellix's error bodies: {@code {"message": "Not Found"}}, {@code {"message": "...", "errors":
     * {"field": "msg" or ["msg", ...]}}}, and the v1 style {@code {"errors": ["msg"]}}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String message, JsonNode errors) {}
}
