package io.dnsfailover.providers.route53;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.http.TxtPresentation;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML of the Route 53 API (2013-04-01), as far as the adapter uses it: responses are bound with
 * jackson-dataformat-xml, the one request body is written by hand because Route 53 wants its elements in
 * the documented order. The types are small classes with fields, not records: Jackson cannot bind a
 * wrapped XML list ({@code <ResourceRecords><ResourceRecord>...}) to a record's constructor.
 */
final class Route53Wire {

    static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";

    /** DTDs and external entities off: a response is data, never instructions to fetch a file. */
    private static final XmlMapper XML = createMapper();

    private Route53Wire() {}

    private static XmlMapper createMapper() {
        XmlMapper mapper = new XmlMapper();
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        XMLInputFactory in = mapper.getFactory().getXMLInputFactory();
        in.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        in.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return mapper;
    }

    /**
     * The body bound to {@code type} when it is XML whose root element is {@code root}; null otherwise
     * (an HTML page from a proxy, JSON from another service, a truncated body).
     */
    static <T> T read(String body, String root, Class<T> type) {
        if (!root.equals(rootElement(body))) {
            return null;
        }
        try {
            return XML.readValue(body, type);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The body as a tree, or null when it is not XML. The root element's name is {@link #rootElement}. */
    static JsonNode tree(String body) {
        if (rootElement(body) == null) {
            return null;
        }
        try {
            return XML.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The local name of the root element, or null when the body does not start like an XML document. */
    static String rootElement(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            XMLStreamReader reader = XML.getFactory().getXMLInputFactory().createXMLStreamReader(new StringReader(body));
            try {
                reader.nextTag();
                return reader.getLocalName();
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            return null;
        }
    }

    /** {@code GET /2013-04-01/hostedzonesbyname}: zones sorted by reversed name, starting at {@code dnsname}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class HostedZones {
        @JacksonXmlElementWrapper(localName = "HostedZones")
        @JacksonXmlProperty(localName = "HostedZone")
        public List<HostedZone> zones = new ArrayList<>();
        @JacksonXmlProperty(localName = "IsTruncated")
        public boolean truncated;
        @JacksonXmlProperty(localName = "NextDNSName")
        public String nextDnsName;
        @JacksonXmlProperty(localName = "NextHostedZoneId")
        public String nextHostedZoneId;

        List<HostedZone> zones() {
            return zones == null ? List.of() : zones;
        }
    }

    /** One hosted zone; {@code id} comes as {@code /hostedzone/Z...}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class HostedZone {
        @JacksonXmlProperty(localName = "Id")
        public String id;
        @JacksonXmlProperty(localName = "Name")
        public String name;
        @JacksonXmlProperty(localName = "Config")
        public ZoneConfig config;

        boolean isPrivate() {
            return config != null && config.privateZone;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ZoneConfig {
        @JacksonXmlProperty(localName = "PrivateZone")
        public boolean privateZone;
    }

    /** {@code GET /2013-04-01/hostedzone/{id}/rrset}: record sets starting at {@code name} and {@code type}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class RecordSets {
        @JacksonXmlElementWrapper(localName = "ResourceRecordSets")
        @JacksonXmlProperty(localName = "ResourceRecordSet")
        public List<RRSet> sets = new ArrayList<>();
        @JacksonXmlProperty(localName = "IsTruncated")
        public boolean truncated;
        @JacksonXmlProperty(localName = "NextRecordName")
        public String nextName;
        @JacksonXmlProperty(localName = "NextRecordType")
        public String nextType;
        @JacksonXmlProperty(localName = "NextRecordIdentifier")
        public String nextIdentifier;

        List<RRSet> sets() {
            return sets == null ? List.of() : sets;
        }
    }

    /**
     * One record set as Route 53 holds it. {@code setIdentifier} marks a routing policy (weighted, failover,
     * ...), {@code aliasTarget} an alias: dnsfailover manages neither.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class RRSet {
        @JacksonXmlProperty(localName = "Name")
        public String name;
        @JacksonXmlProperty(localName = "Type")
        public String type;
        @JacksonXmlProperty(localName = "SetIdentifier")
        public String setIdentifier;
        @JacksonXmlProperty(localName = "TTL")
        public Long ttl;
        @JacksonXmlElementWrapper(localName = "ResourceRecords")
        @JacksonXmlProperty(localName = "ResourceRecord")
        public List<ResourceRecord> records = new ArrayList<>();
        @JacksonXmlProperty(localName = "AliasTarget")
        public JsonNode aliasTarget;

        /** The values exactly as Route 53 stores them (a DELETE must repeat them so). */
        List<String> values() {
            List<String> values = new ArrayList<>();
            if (records != null) {
                for (ResourceRecord r : records) {
                    if (r != null && r.value != null) {
                        values.add(r.value);
                    }
                }
            }
            return values;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ResourceRecord {
        @JacksonXmlProperty(localName = "Value")
        public String value;
    }

    /** The answer of ChangeResourceRecordSets and of GetChange. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ChangeResponse {
        @JacksonXmlProperty(localName = "ChangeInfo")
        public ChangeInfo changeInfo;
    }

    /** {@code id} comes as {@code /change/C...} from ChangeResourceRecordSets; status PENDING or INSYNC. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ChangeInfo {
        @JacksonXmlProperty(localName = "Id")
        public String id;
        @JacksonXmlProperty(localName = "Status")
        public String status;
    }

    /**
     * One {@code <Change>} of a batch.
     *
     * @param action CREATE or DELETE (UPSERT is never sent: it is not conditional)
     * @param name absolute owner name
     * @param values exactly as they are to be stored, or as Route 53 stores them (DELETE)
     */
    record Change(String action, String name, String type, long ttl, List<String> values) {}

    /**
     * The body of {@code POST /2013-04-01/hostedzone/{id}/rrset/}: one transactional batch, elements in the
     * order of the API reference (Name, Type, TTL, ResourceRecords).
     */
    static String changeBatch(String comment, List<Change> changes) {
        StringBuilder xml = new StringBuilder(512)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<ChangeResourceRecordSetsRequest xmlns=\"").append(NAMESPACE).append("\">")
                .append("<ChangeBatch>");
        if (comment != null && !comment.isBlank()) {
            // Route 53 keeps at most 256 characters of comment
            String c = comment.length() > 256 ? comment.substring(0, 256) : comment;
            xml.append("<Comment>").append(escape(c)).append("</Comment>");
        }
        xml.append("<Changes>");
        for (Change change : changes) {
            xml.append("<Change><Action>").append(change.action()).append("</Action><ResourceRecordSet>")
                    .append("<Name>").append(escape(change.name())).append("</Name>")
                    .append("<Type>").append(change.type()).append("</Type>")
                    .append("<TTL>").append(change.ttl()).append("</TTL>")
                    .append("<ResourceRecords>");
            for (String value : change.values()) {
                xml.append("<ResourceRecord><Value>").append(escape(value)).append("</Value></ResourceRecord>");
            }
            xml.append("</ResourceRecords></ResourceRecordSet></Change>");
        }
        return xml.append("</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>").toString();
    }

    /**
     * A name as Route 53 writes it (lower case, trailing dot, characters outside letters, digits, hyphen
     * and underscore as {@code \ooo} octal escapes) in normal form: decoded, lower case, without the dot.
     */
    static String normalName(String wire) {
        if (wire == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(wire.length());
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c == '\\' && isOctal(wire, i + 1)) {
                s.append((char) Integer.parseInt(wire.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                s.append(c);
            }
        }
        String n = s.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    /**
     * A value of the model as Route 53 stores it: host names absolute; TXT as the Route 53 Developer Guide
     * ("TXT record type") documents it: one or more strings "enclosed in double quotation marks", each of
     * up to 255 characters, a quotation mark inside one as {@code \"} (and so a backslash as {@code \\}),
     * and the bytes 0x00-0x20 and 0x7F-0xFF as {@code \}three-digit octal codes. A space stays a space (the
     * guide lists it among the characters a string holds and writes it so in its examples); a character
     * beyond ASCII goes as the octal codes of its UTF-8 bytes, e.g. {@code ä} as {@code \303\244}.
     */
    static String value(RecordType type, String value) {
        if (type == RecordType.TXT) {
            return TxtPresentation.quote(value, TxtPresentation.MAX_STRING_BYTES, TxtPresentation.Numeric.OCTAL,
                    c -> c < 0x20 || c >= 0x7f);
        }
        return type.holdsHostNames() ? DnsNames.absolute(value) : value;
    }

    /**
     * The model's value of a value as Route 53 returns it; TXT strings unquoted, their octal escapes read
     * and the strings joined.
     *
     * @throws IllegalArgumentException when a TXT value is not made of quoted strings Route 53 could hold
     */
    static String modelValue(RecordType type, String wire) {
        return type == RecordType.TXT ? TxtPresentation.unquote(wire, TxtPresentation.Numeric.OCTAL) : wire;
    }

    /** {@code /hostedzone/Z123} or {@code /change/C123} to the bare id the paths need. */
    static String bareId(String id) {
        if (id == null) {
            return null;
        }
        String t = id.trim();
        int slash = t.lastIndexOf('/');
        return slash >= 0 ? t.substring(slash + 1) : t;
    }

    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&apos;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
