package io.dnsfailover.providers.dnsmadeeasy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.providers.http.TxtPresentation;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of the DNS Made Easy REST API v2.0, as far as the adapter uses it. Record names on the wire
 * are relative to the domain ({@code ""} is the apex); host-name values without a trailing dot are
 * relative too, so the adapter always writes them absolute, with the dot.
 */
final class DnsMadeEasyWire {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DnsMadeEasyWire() {}

    /** {@code GET /dns/managed/name?domainname=...}: the domain, of which only id and name matter here. */
    record Domain(long id, String name) {

        /** @return null when the object lacks a numeric id or a name (not a domain object) */
        static Domain of(JsonNode node) {
            if (node == null || !node.path("id").canConvertToLong() || !node.path("name").isTextual()) {
                return null;
            }
            return new Domain(node.get("id").asLong(), node.get("name").asText());
        }
    }

    /**
     * One page of {@code GET /dns/managed/{id}/records}: {@code {"totalPages":1,"totalRecords":2,"page":0,
     * "data":[...]}}. {@code page} is the server's own number for this page, so the next is {@code page + 1}
     * whether it counts from 0 or from 1.
     */
    record Page(int page, int totalPages, int totalRecords, List<ObjectNode> data) {

        /** @return null when the body has no {@code data} array (not a record list) */
        static Page of(JsonNode node) {
            if (node == null || !node.path("data").isArray()) {
                return null;
            }
            List<ObjectNode> data = new ArrayList<>();
            node.get("data").forEach(item -> {
                if (item instanceof ObjectNode o) {
                    data.add(o);
                }
            });
            return new Page(node.path("page").asInt(0), Math.max(1, node.path("totalPages").asInt(1)),
                    node.path("totalRecords").asInt(data.size()), List.copyOf(data));
        }
    }

    /**
     * One record (one value of a name and type) as read. {@code raw} is the object exactly as DNS Made Easy
     * sent it, read-only fields ({@code sourceId}, {@code source}, {@code failed}, {@code hardLink}, ...)
     * included; an update sends none of those back (see {@link #changed}).
     */
    record Row(long id, String name, String type, String value, int ttl, String gtdLocation, boolean failover, ObjectNode raw) {

        /** @return null when the object lacks an id, name, type or value */
        static Row of(ObjectNode node) {
            if (!node.path("id").canConvertToLong() || !node.path("name").isTextual() || !node.path("type").isTextual()
                    || !node.path("value").isTextual()) {
                return null;
            }
            String gtd = node.path("gtdLocation").isTextual() ? node.get("gtdLocation").asText() : null;
            return new Row(node.get("id").asLong(), node.get("name").asText(), node.get("type").asText(),
                    node.get("value").asText(), node.path("ttl").asInt(0), gtd, node.path("failover").asBoolean(false), node);
        }

        /**
         * The body of {@code PUT /dns/managed/{domainId}/records/{id}/}: this record's id, name and type with a new
         * value and TTL, and its gtdLocation; nothing else. That is what every recorded real PUT sends
         * (lexicon's cassettes: {@code value, type, id, name, ttl}, answered 200 with an empty body) plus the
         * location other clients send; the read-only fields of a listed record are not sent back.
         */
        ObjectNode changed(String newValue, int newTtl) {
            ObjectNode body = NODES.objectNode();
            body.put("id", id);
            body.put("name", name);
            body.put("type", type);
            body.put("value", newValue);
            body.put("ttl", newTtl);
            body.put("gtdLocation", gtdLocation == null || gtdLocation.isEmpty() ? "DEFAULT" : gtdLocation);
            return body;
        }

        /** True for the records of an ordinary domain; GTD domains keep one per location and name. */
        boolean defaultLocation() {
            return gtdLocation == null || gtdLocation.isEmpty() || gtdLocation.equals("DEFAULT");
        }
    }

    /**
     * The {@code value} to send for a TXT text: one string in double quotes, as DNS Made Easy holds TXT values
     * (they "come back double-quoted"; octoDNS and DNSControl send them so), never split, since DNS Made Easy
     * splits a long value itself and keeps strings sent as {@code "a" "b"} with a literal space between them
     * (DNSControl #4469). A backslash goes as {@code \\}. A double quote goes as the RFC 1035 escape
     * {@code \034}: DNS Made Easy removes double quotes from inside a TXT value (DNSControl #1093, octoDNS
     * "Quotes not supported in TXT values"), which would turn the text into another.
     */
    static String value(String text) {
        return TxtPresentation.quote(text, 0, TxtPresentation.Numeric.DECIMAL, c -> c == '"');
    }

    /**
     * The text of a TXT value as DNS Made Easy returns it: quoted strings (a long one split by DNS Made Easy
     * into pieces of 255 written {@code "...""..."}) unquoted, unescaped and joined; a value without quotes
     * taken as it is.
     *
     * @throws IllegalArgumentException when a quote is left open
     */
    static String text(String value) {
        return value.stripLeading().startsWith("\"") ? TxtPresentation.unquote(value, TxtPresentation.Numeric.DECIMAL) : value;
    }

    /** The body of {@code POST /dns/managed/{domainId}/records/}. */
    static ObjectNode newRecord(String name, String type, String value, int ttl) {
        ObjectNode node = NODES.objectNode();
        node.put("name", name);
        node.put("type", type);
        node.put("value", value);
        node.put("ttl", ttl);
        node.put("gtdLocation", "DEFAULT");
        return node;
    }

    /**
     * The messages of an error body, {@code {"error": ["...", ...]}} (or a single string); empty when the
     * body is not of that shape.
     */
    static List<String> errors(JsonNode body) {
        List<String> out = new ArrayList<>();
        JsonNode error = body == null ? null : body.get("error");
        if (error != null && error.isArray()) {
            error.forEach(e -> {
                if (e.isTextual() && !e.asText().isBlank()) {
                    out.add(e.asText().strip());
                }
            });
        } else if (error != null && error.isTextual() && !error.asText().isBlank()) {
            out.add(error.asText().strip());
        }
        return out;
    }
}
