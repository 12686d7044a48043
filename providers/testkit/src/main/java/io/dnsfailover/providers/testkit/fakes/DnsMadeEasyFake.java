package io.dnsfailover.providers.testkit.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small stateful fake of the DNS Made Easy REST API v2.0 on 127.0.0.1, for the adapter's contract
 * suite and CLI tests. It follows the documented wire format: the {@code x-dnsme-apiKey},
 * {@code x-dnsme-requestDate} and {@code x-dnsme-hmac} headers (hex HMAC-SHA1 of the date with the secret;
 * a date more than 30 s off is refused with DNS Made Easy's "too far out of sync" message, a wrong key or
 * HMAC with 403 "Missing API key or HMAC"); {@code GET /dns/managed/name?domainname=}; {@code GET
 * /dns/managed/{id}/records?recordName=&type=[&page=&rows=]} with {@code totalPages}, {@code totalRecords}
 * and a 0-based {@code page}; one record per value, created by {@code POST .../records/}, replaced by
 * {@code PUT .../records/{id}/} with its id and name (as every recorded real PUT has them, answered 200 with an
 * empty body; one sent form-encoded without id and name got an HTML 500: F21/DNSMadeEasy#4, which the fake
 * answers likewise) and removed by {@code DELETE}; {@code {"error": [...]}} errors, 400 for a duplicate value;
 * TXT values kept as DNS Made Easy keeps them (see {@link #storedTxt}); and a 150-request scrolling
 * 5-minute budget answered with HTTP 400 "Rate limit exceeded", with the
 * {@code x-dnsme-requestLimit}/{@code x-dnsme-requestsRemaining} headers on every answer. Tests can
 * inject failures for the next N requests: the rate-limit answer, any status, or a delay.
 */
public final class DnsMadeEasyFake implements AutoCloseable {

    /** One record as the fake keeps it: {@code name} relative to the zone, {@code value} as written. */
    public record Record(long id, String name, String type, String value, int ttl) {}

    private record Fault(int status, String body, boolean rateLimit, Duration delay, boolean writesOnly) {}

    private record Reply(int status, String body, String contentType) {
        static Reply json(int status, String body) {
            return new Reply(status, body, "application/json");
        }

        static Reply error(int status, String message) {
            return json(status, "{\"error\": [" + FakeJson.quote(message) + "]}");
        }
    }

    private static final Pattern RECORDS = Pattern.compile("/V2\\.0/dns/managed/(\\d+)/records/?(?:(\\d+)/?)?");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final String RATE_LIMITED = "{\"error\": [\"Rate limit exceeded\"]}";

    private final String apiKey = "fake-dme-api-" + UUID.randomUUID();
    private final String secretKey = "fake-dme-secret-" + UUID.randomUUID();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dnsmadeeasy-fake");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, String> zones = new LinkedHashMap<>();
    private final Map<Long, Record> records = new LinkedHashMap<>();
    private final Map<Long, Long> zoneOf = new LinkedHashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Deque<Long> window = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();
    private long nextId = 11_189_875;
    private int limit = 150;
    private int pageSize = Integer.MAX_VALUE;
    private int rateLimitedAnswers;
    private Clock clock = Clock.systemUTC();

    private DnsMadeEasyFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the fake on a free loopback port. */
    public static DnsMadeEasyFake start() {
        try {
            return new DnsMadeEasyFake();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the DNS Made Easy fake on loopback", e);
        }
    }

    /** The base URL to give the adapter as {@code endpoint}, e.g. {@code http://127.0.0.1:41234/V2.0}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/V2.0";
    }

    /** The API key the fake accepts (random per instance). */
    public String apiKey() {
        return apiKey;
    }

    /** The secret key the fake checks each {@code x-dnsme-hmac} with (random per instance). */
    public String secretKey() {
        return secretKey;
    }

    /** Adds a domain and returns its id. */
    public synchronized long addZone(String name) {
        long id = nextId++;
        zones.put(id, name.toLowerCase(Locale.ROOT));
        return id;
    }

    /** Adds a record directly (no request counted), e.g. one set by hand. {@code name} is relative ("" = apex). */
    public synchronized Record addRecord(String zone, String name, String type, String value, int ttl) {
        long zoneId = zoneId(zone);
        Record r = new Record(nextId++, name, type, value, ttl);
        records.put(r.id(), r);
        zoneOf.put(r.id(), zoneId);
        return r;
    }

    /** The records of a zone, oldest first. */
    public synchronized List<Record> records(String zone) {
        long zoneId = zoneId(zone);
        return records.values().stream().filter(r -> zoneOf.get(r.id()) == zoneId).toList();
    }

    /** The values of one name (relative) and type, as written, sorted. */
    public synchronized List<String> values(String zone, String name, String type) {
        return records(zone).stream().filter(r -> r.name().equalsIgnoreCase(name) && r.type().equals(type))
                .map(Record::value).sorted().toList();
    }

    /** Requests allowed per scrolling 5-minute window (DNS Made Easy's default is 150). */
    public synchronized DnsMadeEasyFake requestLimit(int requests) {
        this.limit = requests;
        return this;
    }

    /** Records per page when the request gives no {@code rows} (DNS Made Easy sends all in one page). */
    public synchronized DnsMadeEasyFake pageSize(int rows) {
        this.pageSize = rows;
        return this;
    }

    /** The clock the request dates are checked against. */
    public synchronized DnsMadeEasyFake clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Answers the next {@code n} requests as DNS Made Easy does when over the limit: 400, no requests remaining. */
    public synchronized void rateLimitNext(int n) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault(400, RATE_LIMITED, true, Duration.ZERO, false));
        }
    }

    /** Answers the next {@code n} writes (POST, PUT, DELETE) with the rate-limit refusal; reads pass. */
    public synchronized void rateLimitNextWrites(int n) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault(400, RATE_LIMITED, true, Duration.ZERO, true));
        }
    }

    /** Answers the next {@code n} requests with {@code status} and {@code body}. */
    public synchronized void failNext(int n, int status, String body) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault(status, body, false, Duration.ZERO, false));
        }
    }

    /** Holds the next {@code n} requests for {@code delay} before answering them normally. */
    public synchronized void delayNext(int n, Duration delay) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault(0, null, false, delay, false));
        }
    }

    /** Every request so far, as {@code METHOD /path?query}. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many requests were answered with the rate-limit refusal. */
    public synchronized int rateLimitedAnswers() {
        return rateLimitedAnswers;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Fault fault;
            synchronized (this) {
                requests.add(method + " " + path + (query == null ? "" : "?" + query));
                fault = faults.stream().filter(f -> !f.writesOnly() || !method.equals("GET")).findFirst().orElse(null);
                faults.remove(fault);
            }
            // simulates a slow server; the client's timeout is under test
            if (fault != null && !fault.delay().isZero() && !FakeHttp.delay(fault.delay())) {
                return;
            }
            Reply reply;
            int remaining;
            int allowed;
            synchronized (this) {
                allowed = limit;
                if (fault != null && fault.status() > 0) {
                    rateLimitedAnswers += fault.rateLimit() ? 1 : 0;
                    remaining = fault.rateLimit() ? 0 : remaining(false);
                    reply = Reply.json(fault.status(), fault.body());
                } else if (remaining(false) <= 0) {
                    rateLimitedAnswers++;
                    remaining = 0;
                    reply = Reply.json(400, RATE_LIMITED);
                } else {
                    remaining = remaining(true);
                    try {
                        reply = authenticate(exchange);
                        if (reply == null) {
                            reply = route(method, path, query, body,
                                    String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                        }
                    } catch (RuntimeException e) {
                        reply = Reply.error(500, "The fake failed: " + e);
                    }
                }
            }
            exchange.getResponseHeaders().set("Server", "DNSME API");
            exchange.getResponseHeaders().set("x-dnsme-requestId", UUID.randomUUID().toString());
            exchange.getResponseHeaders().set("x-dnsme-requestLimit", String.valueOf(allowed));
            exchange.getResponseHeaders().set("x-dnsme-requestsRemaining", String.valueOf(remaining));
            FakeHttp.send(exchange, reply.status(), reply.body(), reply.contentType());
        }
    }

    /** What is left of the window; {@code count} counts this request first. */
    private int remaining(boolean count) {
        long now = System.nanoTime();
        while (!window.isEmpty() && now - window.peekFirst() > WINDOW.toNanos()) {
            window.removeFirst();
        }
        if (count) {
            window.addLast(now);
        }
        return limit - window.size();
    }

    private Reply authenticate(HttpExchange exchange) {
        String key = exchange.getRequestHeaders().getFirst("x-dnsme-apiKey");
        String date = exchange.getRequestHeaders().getFirst("x-dnsme-requestDate");
        String hmac = exchange.getRequestHeaders().getFirst("x-dnsme-hmac");
        if (!apiKey.equals(key) || date == null || hmac == null) {
            return Reply.error(403, "Missing API key or HMAC");
        }
        try {
            ZonedDateTime sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
            long skew = clock.millis() - sent.toInstant().toEpochMilli();
            if (Math.abs(skew) > SKEW.toMillis()) {
                return Reply.error(403, "Request sent with date header too far out of sync.  Difference in times is " + skew
                        + ", header value is " + sent.toInstant().toEpochMilli());
            }
        } catch (DateTimeParseException e) {
            return Reply.error(403, "Missing API key or HMAC");
        }
        return hmac.equals(hmacHex(date)) ? null : Reply.error(403, "Missing API key or HMAC");
    }

    private String hmacHex(String date) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(date.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply route(String method, String path, String query, String body, String contentType) {
        Map<String, String> params = FakeHttp.query(query);
        if (method.equals("GET") && path.equals("/V2.0/dns/managed/name")) {
            String name = params.getOrDefault("domainname", "").toLowerCase(Locale.ROOT);
            return zones.entrySet().stream().filter(z -> z.getValue().equals(name)).findFirst()
                    .map(z -> Reply.json(200, domainJson(z.getKey(), z.getValue())))
                    .orElse(Reply.error(404, "Domain not found"));
        }
        Matcher m = RECORDS.matcher(path);
        if (!m.matches() || !zones.containsKey(Long.parseLong(m.group(1)))) {
            return Reply.error(404, "Not found");
        }
        long zoneId = Long.parseLong(m.group(1));
        Long recordId = m.group(2) == null ? null : Long.parseLong(m.group(2));
        if (recordId == null && method.equals("GET")) {
            return list(zoneId, params);
        }
        if (recordId == null && method.equals("POST")) {
            return create(zoneId, body, contentType);
        }
        if (recordId == null || !records.containsKey(recordId) || zoneOf.get(recordId) != zoneId) {
            return Reply.error(404, "Record not found");
        }
        if (method.equals("PUT")) {
            return update(recordId, body, contentType);
        }
        if (method.equals("DELETE")) {
            records.remove(recordId);
            zoneOf.remove(recordId);
            return Reply.json(200, "");
        }
        return Reply.error(405, "Method not allowed");
    }

    private Reply list(long zoneId, Map<String, String> params) {
        List<Record> matching = records.values().stream().filter(r -> zoneOf.get(r.id()) == zoneId)
                .filter(r -> !params.containsKey("recordName") || r.name().equalsIgnoreCase(params.get("recordName")))
                .filter(r -> !params.containsKey("type") || r.type().equalsIgnoreCase(params.get("type")))
                .toList();
        int rows = params.containsKey("rows") ? Math.max(1, Integer.parseInt(params.get("rows"))) : pageSize;
        int page = Integer.parseInt(params.getOrDefault("page", "0"));
        int totalPages = Math.max(1, (int) Math.ceil(matching.size() / (double) rows));
        List<String> data = matching.stream().skip((long) page * rows).limit(rows).map(r -> recordJson(zoneId, r)).toList();
        return Reply.json(200, "{\"totalPages\":" + totalPages + ",\"totalRecords\":" + matching.size() + ",\"data\":["
                + String.join(",", data) + "],\"page\":" + page + "}");
    }

    private Reply create(long zoneId, String body, String contentType) {
        if (!contentType.startsWith("application/json")) {
            return new Reply(500, "<html><body>Internal Server Error</body></html>", "text/html");
        }
        Map<String, Object> in = fields(body);
        if (!(in.get("name") instanceof String name) || !(in.get("type") instanceof String type)
                || !(in.get("value") instanceof String value) || !(in.get("ttl") instanceof Number ttl)) {
            return Reply.error(400, "Record name, type, value and ttl are required.");
        }
        String invalid = invalid(type, value, ttl.intValue());
        if (invalid != null) {
            return Reply.error(400, invalid);
        }
        String stored = type.equals("TXT") ? storedTxt(value) : value;
        boolean duplicate = records.values().stream().anyMatch(r -> zoneOf.get(r.id()) == zoneId && r.name().equalsIgnoreCase(name)
                && r.type().equals(type) && (type.equals("TXT") ? r.value().equals(stored) : r.value().equalsIgnoreCase(stored)));
        if (duplicate) {
            return Reply.error(400, "Record with this type (" + type + "), name (" + name + "), and value (" + stored
                    + ") already exists.");
        }
        Record r = new Record(nextId++, name, type, stored, ttl.intValue());
        records.put(r.id(), r);
        zoneOf.put(r.id(), zoneId);
        return Reply.json(201, recordJson(zoneId, r));
    }

    private Reply update(long recordId, String body, String contentType) {
        Map<String, Object> in = contentType.startsWith("application/json") ? fields(body) : Map.of();
        if (!(in.get("id") instanceof Number id) || id.longValue() != recordId || !(in.get("name") instanceof String name)) {
            // what DNS Made Easy answered to a PUT sent form-encoded without id and name (F21/DNSMadeEasy#4)
            return new Reply(500, "<html><body>Internal Server Error</body></html>", "text/html");
        }
        Record old = records.get(recordId);
        String type = in.get("type") instanceof String t ? t : old.type();
        String value = in.get("value") instanceof String v ? v : old.value();
        int ttl = in.get("ttl") instanceof Number n ? n.intValue() : old.ttl();
        String invalid = invalid(type, value, ttl);
        if (invalid != null) {
            return Reply.error(400, invalid);
        }
        records.put(recordId, new Record(recordId, name, type, type.equals("TXT") ? storedTxt(value) : value, ttl));
        return Reply.json(200, "");
    }

    /**
     * A TXT value as DNS Made Easy keeps and returns it: in double quotes (added when missing), without any
     * double quote inside (DNS Made Easy drops them: DNSControl #1093, octoDNS's "Quotes not supported in TXT
     * values"; so strings sent as {@code "a" "b"} become {@code "a b"}), and a text over 255 bytes in pieces
     * written {@code "...""..."} (octoDNS). Backslash escapes are kept as written.
     */
    private static String storedTxt(String value) {
        String inner = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        inner = inner.replace("\"", "");
        return "\"" + String.join("\"\"", FakeTxt.chunks(inner, 10)) + "\"";
    }

    /** The members of the JSON object in a request body; none when it is not one. */
    private static Map<String, Object> fields(String body) {
        return FakeJson.object(body, FakeJson.Syntax.LOOSE).orElse(Map.of());
    }

    private static String invalid(String type, String value, int ttl) {
        if (ttl < 0) {
            return "TTL must be a positive number.";
        }
        return switch (type) {
            case "A" -> value.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? null : "Record value " + value + " is not a valid IPv4 address.";
            case "AAAA" -> value.contains(":") ? null : "Record value " + value + " is not a valid IPv6 address.";
            case "CNAME", "ANAME" -> value.equals(".") || value.isBlank() ? "Record value may not be a standalone dot." : null;
            case "TXT", "MX", "NS", "SRV", "PTR" -> null;
            default -> "Invalid record type " + type + ".";
        };
    }

    private static String domainJson(long id, String name) {
        return "{\"created\":1511740800000,\"folderId\":1990,\"gtdEnabled\":false,\"pendingActionId\":0,"
                + "\"updated\":1511766661574,\"processMulti\":false,\"activeThirdParties\":[],\"name\":" + FakeJson.quote(name)
                + ",\"id\":" + id + ",\"nameServers\":[{\"ipv6\":\"2001:db8::1\",\"ipv4\":\"192.0.2.53\",\"fqdn\":\"ns0.dnsmadeeasy.com\"}]}";
    }

    private static String recordJson(long zoneId, Record r) {
        return "{\"failover\":false,\"monitor\":false,\"sourceId\":" + zoneId + ",\"dynamicDns\":false,\"failed\":false,"
                + "\"gtdLocation\":\"DEFAULT\",\"hardLink\":false,\"ttl\":" + r.ttl() + ",\"source\":1,\"name\":"
                + FakeJson.quote(r.name()) + ",\"value\":" + FakeJson.quote(r.value()) + ",\"id\":" + r.id() + ",\"type\":"
                + FakeJson.quote(r.type()) + "}";
    }

    private long zoneId(String zone) {
        String name = zone.toLowerCase(Locale.ROOT);
        return zones.entrySet().stream().filter(z -> z.getValue().equals(name)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the fake has no zone " + zone));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
