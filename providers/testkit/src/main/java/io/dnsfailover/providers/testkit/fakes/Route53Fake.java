package io.dnsfailover.providers.testkit.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A small stateful Amazon Route 53 API (2013-04-01) on 127.0.0.1, for contract and CLI tests: hosted zones
 * and simple record sets in memory, the documented wire format (ListHostedZonesByName,
 * ListResourceRecordSets, ChangeResourceRecordSets, GetChange), every request's SigV4 signature checked
 * against its own keys, pagination by {@code maxitems}, transactional change batches whose DELETE must
 * match exactly, and both of Route 53's error shapes. TXT values are kept as written and must be what the
 * Developer Guide describes: quoted strings of at most 255 characters each (octal {@code \ddd} escapes
 * count as one), else the batch is refused with Route 53's InvalidCharacterString or
 * CharacterStringTooLong. Tests can inject failures (throttling, any status, delays) and read back what was
 * asked. Dependency-free: JDK only. Thread safe.
 */
public final class Route53Fake implements AutoCloseable {

    /** The XML namespace of every Route 53 document. */
    public static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";

    private static final String API = "/2013-04-01/";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/,]+)/(\\d{8})/([^/,]+)/([^/,]+)/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})");
    private static final List<String> RRSET_ORDER = List.of("Name", "Type", "SetIdentifier", "Weight", "Region",
            "GeoLocation", "Failover", "MultiValueAnswer", "TTL", "ResourceRecords", "AliasTarget", "HealthCheckId",
            "TrafficPolicyInstanceId");

    /**
     * One request as the fake answered it.
     *
     * @param action the API action, e.g. {@code ChangeResourceRecordSets}, or {@code Unknown}
     * @param target the raw path and query
     * @param code the error code answered, or null on success
     */
    public record Seen(String action, String method, String target, int status, String code) {}

    /** A record set as the fake stores it: values exactly as written. */
    public record StoredSet(int ttl, List<String> values) {}

    private record Fault(String action, int status, String code, String message, String retryAfter, Duration delay,
            Runnable before) {}

    private record Reply(int status, String body, String retryAfter, String code) {}

    /** Sorted as Route 53 lists: by name with the labels reversed, then by type. */
    private record Key(String reversed, String type) implements Comparable<Key> {
        public int compareTo(Key o) {
            int c = reversed.compareTo(o.reversed);
            return c != 0 ? c : type.compareTo(o.type);
        }
    }

    private record RecordSet(String name, String type, int ttl, List<String> values) {}

    private static final class Zone {
        final String id;
        final String name;
        final boolean privateZone;
        final TreeMap<Key, RecordSet> sets = new TreeMap<>();

        Zone(String id, String name, boolean privateZone) {
            this.id = id;
            this.name = name;
            this.privateZone = privateZone;
        }
    }

    private final String accessKeyId = "AKID" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
    private final String secretAccessKey = "fake/" + UUID.randomUUID();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Zone> zones = new LinkedHashMap<>();
    private final Map<String, int[]> changes = new HashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Seen> seen = new ArrayList<>();
    private int pageSize = Integer.MAX_VALUE;
    private int pendingPolls;
    private int serial;

    private Route53Fake() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "route53-fake");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake with fresh credentials on a free loopback port. */
    public static Route53Fake start() {
        try {
            return new Route53Fake();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Route 53 fake on loopback", e);
        }
    }

    /** The base URL to give the adapter as {@code endpoint}, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** Creates a public hosted zone (with its SOA and NS sets, as Route 53 does) and returns its bare id. */
    public String createZone(String name) {
        return createZone(name, false);
    }

    public synchronized String createZone(String name, boolean privateZone) {
        String id = String.format("Z%013d", ++serial);
        Zone zone = new Zone(id, absolute(name), privateZone);
        zone.sets.put(key(zone.name, "NS"), new RecordSet(zone.name, "NS", 172800,
                List.of("ns-1.awsdns-01.com.", "ns-2.awsdns-02.net.", "ns-3.awsdns-03.org.", "ns-4.awsdns-04.co.uk.")));
        zone.sets.put(key(zone.name, "SOA"), new RecordSet(zone.name, "SOA", 900,
                List.of("ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")));
        zones.put(id, zone);
        return id;
    }

    /** Stores a record set as a person in the console would, bypassing the API. */
    public synchronized void put(String zone, String name, String type, int ttl, String... values) {
        Zone z = zoneNamed(zone);
        z.sets.put(key(absolute(name), type), new RecordSet(absolute(name), type, ttl, List.of(values)));
    }

    /** The record set stored for the name and type, if any. */
    public synchronized Optional<StoredSet> get(String zone, String name, String type) {
        RecordSet set = zoneNamed(zone).sets.get(key(absolute(name), type));
        return set == null ? Optional.empty() : Optional.of(new StoredSet(set.ttl(), set.values()));
    }

    /** Caps every page at {@code size} items, whatever maxitems asks, to exercise pagination. */
    public synchronized void pageSize(int size) {
        pageSize = size;
    }

    /** GetChange answers PENDING this many times for each new change before INSYNC. */
    public synchronized void pendingPolls(int polls) {
        pendingPolls = polls;
    }

    /** The next {@code times} requests of any action get Route 53's throttle: HTTP 400 {@code Throttling}. */
    public void throttleNext(int times) {
        failNext(null, times, 400, "Throttling", "Rate exceeded", null);
    }

    /**
     * The next {@code times} requests of {@code action} (null for any) fail with this status and error code,
     * and a {@code Retry-After} header when {@code retryAfter} is not null.
     */
    public synchronized void failNext(String action, int times, int status, String code, String message, String retryAfter) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(action, status, code, message, retryAfter, null, null));
        }
    }

    /** The next {@code times} requests of {@code action} (null for any) are answered only after {@code delay}. */
    public synchronized void delayNext(String action, int times, Duration delay) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(action, 0, null, null, null, delay, null));
        }
    }

    /**
     * Runs {@code step} just before the next request of {@code action} is processed, e.g. another writer
     * changing a record set between an adapter's read and its write.
     */
    public synchronized void beforeNext(String action, Runnable step) {
        faults.add(new Fault(action, 0, null, null, null, null, step));
    }

    /** Every request so far, in order. */
    public synchronized List<Seen> requests() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String action = action(method, path);
            Fault fault = takeFault(action);
            if (fault != null && fault.before() != null) {
                fault.before().run();
                fault = null;
            }
            if (fault != null && fault.delay() != null) {
                if (!FakeHttp.delay(fault.delay())) {
                    return;
                }
                fault = null;
            }
            Reply reply;
            if (fault != null) {
                reply = error(fault.status(), fault.code(), fault.message(), fault.retryAfter());
            } else {
                reply = authenticate(exchange, method, path, query, body);
                if (reply == null) {
                    reply = dispatch(action, path, query, body);
                }
            }
            synchronized (this) {
                seen.add(new Seen(action, method, path + (query == null ? "" : "?" + query), reply.status(), reply.code()));
            }
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
            }
            FakeHttp.send(exchange, reply.status(), reply.body(), null);
        } finally {
            exchange.close();
        }
    }

    private static String action(String method, String path) {
        if (!path.startsWith(API)) {
            return "Unknown";
        }
        String[] p = path.substring(API.length()).split("/", -1);
        if (method.equals("GET") && p.length == 1 && p[0].equals("hostedzonesbyname")) {
            return "ListHostedZonesByName";
        }
        if (p.length >= 3 && p[0].equals("hostedzone") && p[2].equals("rrset") && (p.length == 3 || p.length == 4 && p[3].isEmpty())) {
            return method.equals("GET") ? "ListResourceRecordSets" : method.equals("POST") ? "ChangeResourceRecordSets" : "Unknown";
        }
        return method.equals("GET") && p.length == 2 && p[0].equals("change") ? "GetChange" : "Unknown";
    }

    private synchronized Fault takeFault(String action) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.action() == null || f.action().equals(action)) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    private synchronized Reply dispatch(String action, String path, String query, byte[] body) {
        Map<String, String> q = FakeHttp.query(query, Route53Fake::decode, Route53Fake::decode, true);
        String[] p = path.substring(Math.min(path.length(), API.length())).split("/", -1);
        return switch (action) {
            case "ListHostedZonesByName" -> listZones(q);
            case "ListResourceRecordSets" -> zones.containsKey(p[1]) ? listSets(zones.get(p[1]), q) : noZone(p[1]);
            case "ChangeResourceRecordSets" -> zones.containsKey(p[1]) ? change(zones.get(p[1]), body) : noZone(p[1]);
            case "GetChange" -> getChange(p[1]);
            default -> error(404, "UnknownOperation", "No such operation: " + path, null);
        };
    }

    private Reply listZones(Map<String, String> q) {
        String dnsName = q.get("dnsname");
        String startId = q.get("hostedzoneid");
        if (startId != null && dnsName == null) {
            return error(400, "InvalidInput", "hostedzoneid requires dnsname", null);
        }
        List<Zone> sorted = new ArrayList<>(zones.values());
        sorted.sort((a, b) -> {
            int c = reverse(a.name).compareTo(reverse(b.name));
            return c != 0 ? c : a.id.compareTo(b.id);
        });
        String from = dnsName == null ? "" : reverse(absolute(dnsName));
        List<Zone> after = sorted.stream().filter(z -> {
            int c = reverse(z.name).compareTo(from);
            return c > 0 || c == 0 && (startId == null || z.id.compareTo(startId) >= 0);
        }).toList();
        int max = Math.min(maxItems(q, 100), pageSize);
        StringBuilder xml = new StringBuilder("<HostedZones>");
        for (Zone z : after.subList(0, Math.min(max, after.size()))) {
            xml.append("<HostedZone><Id>/hostedzone/").append(z.id).append("</Id><Name>").append(esc(z.name))
                    .append("</Name><CallerReference>").append(z.id).append("</CallerReference><Config><PrivateZone>")
                    .append(z.privateZone).append("</PrivateZone></Config><ResourceRecordSetCount>").append(z.sets.size())
                    .append("</ResourceRecordSetCount></HostedZone>");
        }
        xml.append("</HostedZones>");
        if (dnsName != null) {
            xml.append("<DNSName>").append(esc(dnsName)).append("</DNSName>");
        }
        if (startId != null) {
            xml.append("<HostedZoneId>").append(esc(startId)).append("</HostedZoneId>");
        }
        xml.append("<IsTruncated>").append(after.size() > max).append("</IsTruncated>");
        if (after.size() > max) {
            xml.append("<NextDNSName>").append(esc(after.get(max).name)).append("</NextDNSName><NextHostedZoneId>")
                    .append(after.get(max).id).append("</NextHostedZoneId>");
        }
        return ok(document("ListHostedZonesByNameResponse", xml.append("<MaxItems>").append(max).append("</MaxItems>")));
    }

    private Reply listSets(Zone zone, Map<String, String> q) {
        String name = q.get("name");
        String type = q.get("type");
        if (type != null && name == null) {
            return error(400, "InvalidInput", "The input is not valid: type requires name", null);
        }
        Key from = new Key(name == null ? "" : reverse(absolute(name)), type == null ? "" : type);
        List<RecordSet> after = new ArrayList<>(zone.sets.tailMap(from, true).values());
        int max = Math.min(maxItems(q, 300), pageSize);
        StringBuilder xml = new StringBuilder("<ResourceRecordSets>");
        for (RecordSet set : after.subList(0, Math.min(max, after.size()))) {
            xml.append("<ResourceRecordSet><Name>").append(esc(set.name())).append("</Name><Type>").append(set.type())
                    .append("</Type><TTL>").append(set.ttl()).append("</TTL><ResourceRecords>");
            set.values().forEach(v -> xml.append("<ResourceRecord><Value>").append(esc(v)).append("</Value></ResourceRecord>"));
            xml.append("</ResourceRecords></ResourceRecordSet>");
        }
        xml.append("</ResourceRecordSets><IsTruncated>").append(after.size() > max).append("</IsTruncated>");
        if (after.size() > max) {
            xml.append("<NextRecordName>").append(esc(after.get(max).name())).append("</NextRecordName><NextRecordType>")
                    .append(after.get(max).type()).append("</NextRecordType>");
        }
        return ok(document("ListResourceRecordSetsResponse", xml.append("<MaxItems>").append(max).append("</MaxItems>")));
    }

    /** One transactional batch: validated as a whole against a copy, then committed, or refused with every reason. */
    private Reply change(Zone zone, byte[] body) {
        Element batch;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
            if (!"ChangeResourceRecordSetsRequest".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
                return error(400, "InvalidInput", "Invalid XML ; the root element must be ChangeResourceRecordSetsRequest in"
                        + " namespace " + NAMESPACE, null);
            }
            batch = single(root, "ChangeBatch");
        } catch (Exception e) {
            return error(400, "InvalidInput", "Invalid XML ; " + e.getMessage(), null);
        }
        TreeMap<Key, RecordSet> next = new TreeMap<>(zone.sets);
        List<String> problems = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        Element changesElement = batch == null ? null : single(batch, "Changes");
        List<Element> changeList = changesElement == null ? List.of() : children(changesElement);
        if (changeList.isEmpty()) {
            return error(400, "InvalidInput", "Invalid XML ; a ChangeBatch needs Changes with at least one Change", null);
        }
        for (Element c : changeList) {
            Element rrset = single(c, "ResourceRecordSet");
            String action = text(single(c, "Action"));
            String order = rrset == null ? "missing ResourceRecordSet" : outOfOrder(rrset);
            if (order != null) {
                return error(400, "InvalidInput", "Invalid XML ; cvc-complex-type.2.4.a: " + order, null);
            }
            String name = absolute(text(single(rrset, "Name")));
            String type = text(single(rrset, "Type"));
            String ttlText = text(single(rrset, "TTL"));
            List<String> values = new ArrayList<>();
            Element records = single(rrset, "ResourceRecords");
            if (records != null) {
                children(records).forEach(r -> values.add(text(single(r, "Value"))));
            }
            String described = "[name='" + name + "', type='" + type + "']";
            int ttl;
            try {
                ttl = Integer.parseInt(ttlText);
            } catch (NumberFormatException e) {
                return error(400, "InvalidInput", "Invalid TTL '" + ttlText + "': must be 0 to 2147483647", null);
            }
            if (!name.equals(zone.name) && !name.endsWith("." + zone.name)) {
                problems.add("RRSet with DNS name " + name + " is not permitted in zone " + zone.name);
                continue;
            }
            String invalid = invalidValues(type, values);
            if (invalid != null) {
                malformed.add(invalid);
                continue;
            }
            Key key = key(name, type);
            RecordSet live = next.get(key);
            RecordSet given = new RecordSet(name, type, ttl, List.copyOf(values));
            switch (action) {
                case "DELETE" -> {
                    if (live == null) {
                        problems.add("Tried to delete resource record set " + described + " but it was not found");
                    } else if (live.ttl() != ttl || !new TreeSet<>(live.values()).equals(new TreeSet<>(values))) {
                        problems.add("Tried to delete resource record set " + described
                                + " but the values provided do not match the current values");
                    } else {
                        next.remove(key);
                    }
                }
                case "CREATE", "UPSERT" -> {
                    if (live != null && action.equals("CREATE")) {
                        problems.add("Tried to create resource record set " + described + " but it already exists");
                    } else if (cnameConflict(next, name, type)) {
                        problems.add("RRSet of type " + type + " with DNS name " + name + " is not permitted as it conflicts"
                                + " with other records with the same DNS name in zone " + zone.name);
                    } else {
                        next.put(key, given);
                    }
                }
                default -> problems.add("Invalid Action " + action + ": must be CREATE, DELETE or UPSERT");
            }
        }
        if (!malformed.isEmpty()) {
            // values Route 53 cannot hold are reported alone: the batch is checked before it is tried
            problems = malformed;
        }
        if (!problems.isEmpty()) {
            StringBuilder xml = new StringBuilder("<Messages>");
            problems.forEach(m -> xml.append("<Message>").append(esc(m)).append("</Message>"));
            xml.append("</Messages><RequestId>").append(UUID.randomUUID()).append("</RequestId>");
            return new Reply(400, document("InvalidChangeBatch", xml), null, "InvalidChangeBatch");
        }
        zone.sets.clear();
        zone.sets.putAll(next);
        String id = String.format("C%013d", ++serial);
        changes.put(id, new int[] {pendingPolls});
        return ok(document("ChangeResourceRecordSetsResponse", new StringBuilder(changeInfo(id, "PENDING"))));
    }

    private Reply getChange(String id) {
        int[] pending = changes.get(id);
        if (pending == null) {
            return error(404, "NoSuchChange", "A change with the specified change ID does not exist.", null);
        }
        String status = pending[0] > 0 ? "PENDING" : "INSYNC";
        pending[0]--;
        return ok(document("GetChangeResponse", new StringBuilder(changeInfo(id, status))));
    }

    private static String changeInfo(String id, String status) {
        return "<ChangeInfo><Id>/change/" + id + "</Id><Status>" + status + "</Status><SubmittedAt>"
                + Instant.now() + "</SubmittedAt></ChangeInfo>";
    }

    /** Checks the SigV4 signature as AWS does; null when it is valid, else the error Route 53 would give. */
    private Reply authenticate(HttpExchange exchange, String method, String path, String query, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return error(403, "MissingAuthenticationToken", "Missing Authentication Token", null);
        }
        Matcher m = AUTH.matcher(authorization);
        if (!m.matches()) {
            return error(400, "IncompleteSignature", "Authorization header requires Credential, SignedHeaders and Signature", null);
        }
        if (!m.group(1).equals(accessKeyId)) {
            return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.", null);
        }
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        if (amzDate == null || !m.group(3).equals("us-east-1") || !m.group(4).equals("route53") || !amzDate.startsWith(m.group(2))) {
            return error(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region and service: us-east-1,"
                    + " route53, and the date of X-Amz-Date", null);
        }
        Instant signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        Instant now = Instant.now();
        if (Duration.between(signedAt, now).abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return error(403, "SignatureDoesNotMatch", "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(Duration.ofMinutes(5)).atOffset(ZoneOffset.UTC)) + " ("
                    + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)) + " - 5 min.)", null);
        }
        List<String> signedHeaders = Arrays.asList(m.group(5).split(";"));
        if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
            return error(403, "SignatureDoesNotMatch", "host and x-amz-date must be signed", null);
        }
        String payloadHash = hex(sha256(body));
        String declared = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
        if (declared != null && !declared.equals(payloadHash)) {
            return error(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what"
                    + " was computed.", null);
        }
        StringBuilder canonical = new StringBuilder(method).append('\n').append(canonicalUri(path)).append('\n')
                .append(canonicalQuery(query)).append('\n');
        for (String header : signedHeaders) {
            List<String> values = exchange.getRequestHeaders().getOrDefault(header, List.of());
            canonical.append(header).append(':')
                    .append(String.join(",", values.stream().map(v -> v.trim().replaceAll("\\s+", " ")).toList())).append('\n');
        }
        canonical.append('\n').append(m.group(5)).append('\n').append(payloadHash);
        String scope = m.group(2) + "/us-east-1/route53/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), m.group(2));
        for (String part : new String[] {"us-east-1", "route53", "aws4_request"}) {
            key = hmac(key, part);
        }
        String expected = hex(hmac(key, toSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), m.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you"
                    + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
                    + " details.", null);
        }
        return null;
    }

    private static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        // services other than S3 encode the already-encoded path once more
        StringBuilder s = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            s.append(i == 0 ? "" : "/").append(encode(segments[i]));
        }
        return s.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(encode(decode(k)) + "=" + encode(decode(v)));
        }
        Collections.sort(pairs);
        return String.join("&", pairs);
    }

    private static String encode(String text) {
        StringBuilder s = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
                s.append(c);
            } else {
                s.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return s.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static int maxItems(Map<String, String> q, int dflt) {
        try {
            return q.containsKey("maxitems") ? Math.max(1, Integer.parseInt(q.get("maxitems"))) : dflt;
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String invalidValues(String type, List<String> values) {
        if (values.isEmpty()) {
            return "RRSet of type " + type + " must have at least one ResourceRecord";
        }
        for (String v : values) {
            if (type.equals("A") && !v.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
                return "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '" + v + "'";
            }
            if (type.equals("AAAA") && !v.matches("[0-9a-fA-F:.]+") || type.equals("AAAA") && !v.contains(":")) {
                return "AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '" + v + "'";
            }
            if (type.equals("TXT")) {
                // the Developer Guide: strings enclosed in double quotation marks, each up to 255 characters
                List<String> strings = FakeTxt.quotedStrings(v);
                if (strings == null) {
                    return "Invalid Resource Record: FATAL problem: InvalidCharacterString (Value should be enclosed in"
                            + " quotation marks) encountered with '" + v + "'";
                }
                if (strings.stream().anyMatch(raw -> FakeTxt.length(raw, 8) > FakeTxt.MAX_STRING_BYTES)) {
                    return "Invalid Resource Record: FATAL problem: CharacterStringTooLong (Value is too long) encountered with '"
                            + v + "'";
                }
            }
        }
        return type.equals("CNAME") && values.size() > 1 ? "RRSet of type CNAME with DNS name may hold only one value" : null;
    }

    private static boolean cnameConflict(TreeMap<Key, RecordSet> sets, String name, String type) {
        String reversed = reverse(name);
        return sets.keySet().stream().anyMatch(k -> k.reversed().equals(reversed) && !k.type().equals(type)
                && (type.equals("CNAME") || k.type().equals("CNAME")));
    }

    /** The first element out of the documented order, or null when all are in it. */
    private static String outOfOrder(Element rrset) {
        int last = -1;
        for (Element e : children(rrset)) {
            int at = RRSET_ORDER.indexOf(e.getLocalName());
            if (at < 0 || at < last) {
                return "Invalid content was found starting with element '" + e.getLocalName() + "'";
            }
            last = at;
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element single(Element parent, String name) {
        return parent == null ? null : children(parent).stream().filter(e -> name.equals(e.getLocalName())).findFirst().orElse(null);
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().trim();
    }

    private Zone zoneNamed(String name) {
        String wanted = absolute(name);
        return zones.values().stream().filter(z -> z.name.equals(wanted)).min((a, b) -> Boolean.compare(a.privateZone, b.privateZone))
                .orElseThrow(() -> new IllegalArgumentException("the fake has no zone " + name + "; call createZone first"));
    }

    private Reply noZone(String id) {
        return error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + id, null);
    }

    private static Reply ok(String body) {
        return new Reply(200, body, null, null);
    }

    private static Reply error(int status, String code, String message, String retryAfter) {
        String body = document("ErrorResponse", new StringBuilder("<Error><Type>Sender</Type><Code>").append(esc(code))
                .append("</Code><Message>").append(esc(message)).append("</Message></Error><RequestId>")
                .append(UUID.randomUUID()).append("</RequestId>"));
        return new Reply(status, body, retryAfter, code);
    }

    private static String document(String root, CharSequence inner) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"" + NAMESPACE + "\">" + inner + "</" + root + ">";
    }

    private static Key key(String absoluteName, String type) {
        return new Key(reverse(absoluteName), type);
    }

    private static String absolute(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    /** {@code www.example.com.} to {@code com.example.www}, the order Route 53 lists in. */
    private static String reverse(String absoluteName) {
        String n = absoluteName.endsWith(".") ? absoluteName.substring(0, absoluteName.length() - 1) : absoluteName;
        List<String> labels = new ArrayList<>(Arrays.asList(n.split("\\.")));
        Collections.reverse(labels);
        return String.join(".", labels);
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
