package io.dnsfailover.providers.powerdns;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON of the PowerDNS Authoritative HTTP API (v1), as far as the adapter uses it. Names on the wire
 * are absolute (with the trailing dot): PowerDNS answers 422 "is not canonical" otherwise.
 */
final class PowerDnsWire {

    private PowerDnsWire() {}

    /**
     * {@code GET /api/v1/servers/{id}/zones/{zone}}: the zone's rrsets (only the asked-for one, when filtered),
     * and its SOA serial with the {@code soa_edit_api} and {@code soa_edit} modes that say how the API moves
     * it ({@code serial} is null from a server that leaves it out).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Zone(String name, Long serial, @JsonProperty("soa_edit_api") String soaEditApi,
            @JsonProperty("soa_edit") String soaEdit, List<RRset> rrsets) {
        Zone {
            rrsets = rrsets == null ? List.of() : rrsets;
        }
    }

    /**
     * One rrset, read or written. {@code changetype} is null when read; {@code ttl} and {@code records} are
     * left out of a DELETE, which PowerDNS wants with name, type and changetype only.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RRset(String name, String type, Integer ttl, String changetype, List<Record> records) {

        static RRset replace(String name, String type, int ttl, List<Record> records) {
            return new RRset(name, type, ttl, "REPLACE", List.copyOf(records));
        }

        static RRset delete(String name, String type) {
            return new RRset(name, type, null, "DELETE", null);
        }

        /** e.g. {@code www.example.test. A}, for messages. */
        String describe() {
            return name + " " + type;
        }
    }

    /** One record of an rrset; disabled records are stored but not served. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Record(String content, boolean disabled) {}

    /** {@code PATCH /api/v1/servers/{id}/zones/{zone}}. */
    record Patch(List<RRset> rrsets) {}

    /** The body of PowerDNS's 4xx/5xx answers, e.g. {@code {"error": "DNS Name 'x' is not canonical"}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String error) {}
}
