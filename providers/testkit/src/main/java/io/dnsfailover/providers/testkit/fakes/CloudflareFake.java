package io.dnsfailover.providers.testkit.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small stateful fake of the Cloudflare API v4 (zones and DNS records) on 127.0.0.1, for the adapter's
 * contract suite and CLI tests. It follows the documented wire format: {@code Authorization: Bearer
 * <token>} (missing: 400/9106; malformed: 400/6003 with chain 6111; wrong: 401/9109), the envelope
 * {@code {"success","errors","messages","result","result_info"}}, {@code GET /zones?name=} (exact match,
 * per_page at most 50), {@code GET /zones/{id}/dns_records?type=&name=} paged with {@code page} and
 * {@code per_page}, and POST, PATCH (partial), PUT (full overwrite: fields left out get their defaults, so
 * proxied becomes false) and DELETE of one record per value. It refuses what Cloudflare refuses: a TTL
 * other than 1 or {@link #minimumTtl(int) the minimum}..86400 (1004/9021), an identical record (81057), a
 * CNAME beside other records of its name (81053/81054), an unknown record (404/81044) or zone (404/7003).
 * A proxied record always has TTL 1 ("automatic"). TXT content is kept as sent, as Cloudflare keeps API
 * content (unquoted too); quoted strings over 255 bytes are split as Cloudflare documents, quoted content
 * left open is refused, and a TXT record cannot be proxied. Tests can inject failures for the next N requests: 429
 * with {@code Retry-After}, any status and body, or a delay. Codes for refusals that reference/providers.md
 * does not list (a malformed body, a bad page number, a method not allowed) are the fake's own. Thread safe.
 */
public final class CloudflareFake implements AutoCloseable {

    /** The API's base path, as in {@code https://api.cloudflare.com/client/v4}. */
    public static final String BASE_PATH = "/client/v4";

    private static final Pattern RECORDS = Pattern.compile(BASE_PATH + "/zones/([^/]+)/dns_records(?:/([^/]+))?/?");
    private static final Pattern ZONES = Pattern.compile(BASE_PATH + "/zones/?");

    /** A DNS record as the fake holds it. */
    public record Record(String id, String type, String name, String content, int ttl, boolean proxied, String comment) {}

    /** One request the fake received (the Authorization header is left out on purpose). */
    public record Seen(String method, String path, String query, String body) {}

    private record Fault(int status, String body, Map<String, String> headers, Duration delay) {}

    private final String token;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cloudflare-fake");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> zones = new LinkedHashMap<>();
    private final Map<String, Map<String, Record>> records = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Seen> seen = new ArrayList<>();
    private int minimumTtl = 60;
    private int maxPerPage = Integer.MAX_VALUE;

    private CloudflareFake(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake that accepts only {@code Authorization: Bearer <token>}. */
    public static CloudflareFake start(String token) {
        try {
            return new CloudflareFake(token);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Cloudflare fake on loopback", e);
        }
    }

    /** The value for the adapter's {@code endpoint} setting, e.g. {@code http://127.0.0.1:41234/client/v4}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
    }

    /** Adds an active zone and returns its id. */
    public synchronized String addZone(String name) {
        String id = newId();
        zones.put(id, normal(name));
        records.put(id, new LinkedHashMap<>());
        return id;
    }

    /** The lowest TTL accepted besides 1: 60 as on most plans (the default), 30 as on Enterprise zones. */
    public synchronized CloudflareFake minimumTtl(int seconds) {
        minimumTtl = seconds;
        return this;
    }

    /** Caps every page at {@code size} items whatever per_page asks, so that short lists still span pages. */
    public synchronized CloudflareFake maxPerPage(int size) {
        maxPerPage = size;
        return this;
    }

    /** Adds a record as someone else (the dashboard) would, e.g. a proxied one; returns its id. */
    public synchronized String addRecord(String zone, String type, String name, String content, int ttl, boolean proxied) {
        String id = newId();
        records.get(zoneId(zone)).put(id, new Record(id, type, normal(name), content, proxied ? 1 : ttl, proxied, null));
        return id;
    }

    /** The records of a zone now, in creation order. */
    public synchronized List<Record> records(String zone) {
        return List.copyOf(records.get(zoneId(zone)).values());
    }

    /** Answers the next {@code n} requests with 429, {@code Retry-After: seconds} and Cloudflare's 10100 body. */
    public synchronized void throttleNext(int n, int retryAfterSeconds) {
        String body = error(10100, "More than 1200 requests per 300 seconds reached. Please wait and consider throttling"
                + " your request speed", null);
        for (int i = 0; i < n; i++) {
            faults.add(new Fault(429, body, Map.of("Retry-After", String.valueOf(retryAfterSeconds)), Duration.ZERO));
        }
    }

    /** Answers the next {@code n} requests with {@code status} and {@code body} as they are (HTML, say). */
    public synchronized void failNext(int n, int status, String body) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault(status, body, Map.of(), Duration.ZERO));
        }
    }

    /** Holds the next {@code n} requests for {@code delay} before answering them normally. */
    public synchronized void delayNext(int n, Duration delay) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault(0, null, Map.of(), delay));
        }
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

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Fault fault;
            synchronized (this) {
                seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), body));
                fault = faults.isEmpty() ? null : faults.remove(0);
            }
            if (fault != null && !fault.delay().isZero()) {
                FakeHttp.delay(fault.delay());
            }
            if (fault != null && fault.status() != 0) {
                fault.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                send(ex, fault.status(), fault.body());
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                send(ex, 400, error(9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers", null));
            } else if (!auth.startsWith("Bearer ") || auth.length() == 7 || auth.substring(7).contains(" ")) {
                send(ex, 400, error(6003, "Invalid request headers", "{\"code\":6111,\"message\":\"Invalid format for Authorization header\"}"));
            } else if (!auth.substring(7).equals(token)) {
                send(ex, 401, error(9109, "Invalid access token", null));
            } else {
                Reply reply;
                synchronized (this) {
                    try {
                        Map<String, String> query = FakeHttp.query(ex.getRequestURI().getRawQuery());
                        reply = route(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), query, body);
                    } catch (RuntimeException e) {
                        // a body of an unexpected shape: answer like an API would, never drop the connection
                        reply = new Reply(400, error(9207, "Request body is invalid.", null));
                    }
                }
                send(ex, reply.status(), reply.body());
            }
        }
    }

    private record Reply(int status, String body) {}

    private Reply route(String method, String path, Map<String, String> q, String body) {
        if (ZONES.matcher(path).matches() && method.equals("GET")) {
            List<String> found = new ArrayList<>();
            zones.forEach((id, name) -> {
                if (!q.containsKey("name") || name.equals(normal(q.get("name")))) {
                    found.add("{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\"active\",\"paused\":false,\"type\":\"full\"}");
                }
            });
            return page(found, q, 20, 50);
        }
        Matcher m = RECORDS.matcher(path);
        if (!m.matches()) {
            return new Reply(400, error(7000, "No route for that URI", null));
        }
        String zoneId = m.group(1);
        Map<String, Record> zone = records.get(zoneId);
        if (zone == null) {
            return new Reply(404, error(7003, "Could not route to " + path + ", perhaps your object identifier is invalid?", null));
        }
        String recordId = m.group(2);
        if (recordId == null) {
            return switch (method) {
                case "GET" -> list(zone, q);
                case "POST" -> write(zoneId, null, body, true);
                default -> new Reply(405, error(10405, "Method " + method + " not allowed", null));
            };
        }
        Record r = zone.get(recordId);
        if (r == null) {
            return new Reply(404, error(81044, "Record does not exist.", null));
        }
        return switch (method) {
            case "GET" -> new Reply(200, envelope(json(r), null));
            case "PATCH" -> write(zoneId, r, body, false);
            case "PUT" -> write(zoneId, r, body, true);
            case "DELETE" -> {
                zone.remove(recordId);
                yield new Reply(200, envelope("{\"id\":\"" + recordId + "\"}", null));
            }
            default -> new Reply(405, error(10405, "Method " + method + " not allowed", null));
        };
    }

    private Reply list(Map<String, Record> zone, Map<String, String> q) {
        List<String> found = new ArrayList<>();
        for (Record r : zone.values()) {
            boolean type = !q.containsKey("type") || r.type().equalsIgnoreCase(q.get("type"));
            boolean name = !q.containsKey("name") || r.name().equals(normal(q.get("name")));
            if (type && name) {
                found.add(json(r));
            }
        }
        return page(found, q, 100, 5_000_000);
    }

    /** POST (old null), PATCH (partial) or PUT (full: what is left out gets its default). */
    private Reply write(String zoneId, Record old, String body, boolean full) {
        Map<String, Object> in = FakeJson.object(body).orElse(null);
        if (in == null) {
            return new Reply(400, error(9207, "Request body is invalid.", null));
        }
        Record base = full || old == null ? new Record(null, null, null, null, 1, false, null) : old;
        String type = in.containsKey("type") ? String.valueOf(in.get("type")).toUpperCase(Locale.ROOT) : base.type();
        String name = in.containsKey("name") ? qualify(String.valueOf(in.get("name")), zones.get(zoneId)) : base.name();
        String content = in.containsKey("content") ? String.valueOf(in.get("content")) : base.content();
        boolean proxied = in.containsKey("proxied") ? Boolean.TRUE.equals(in.get("proxied")) : base.proxied();
        int ttl = in.get("ttl") instanceof Number n ? n.intValue() : base.ttl();
        String comment = in.containsKey("comment") ? (String) in.get("comment") : base.comment();
        if (type == null || name == null || content == null) {
            return new Reply(400, error(1004, "DNS Validation Error", "{\"code\":9000,\"message\":\"type, name and content are required.\"}"));
        }
        if (ttl != 1 && (ttl < minimumTtl || ttl > 86400)) {
            return new Reply(400, error(1004, "DNS Validation Error", "{\"code\":9021,\"message\":\"TTL must be between "
                    + minimumTtl + " and 86400 seconds, or 1 for Automatic.\"}"));
        }
        String problem = invalidContent(type, content);
        if (problem != null) {
            return new Reply(400, error(1004, "DNS Validation Error", problem));
        }
        if (type.equals("CNAME")) {
            content = normal(content);
        }
        if (type.equals("TXT")) {
            if (proxied) {
                return new Reply(400, error(9004, "This record type cannot be proxied.", null));
            }
            content = storedTxt(content);
            if (content == null) {
                return new Reply(400, error(1004, "DNS Validation Error", "{\"code\":9104,\"message\":\"Content for TXT record"
                        + " must be quoted character strings; a quote is left open.\"}"));
            }
        }
        String id = old == null ? newId() : old.id();
        for (Record other : records.get(zoneId).values()) {
            if (other.id().equals(id) || !other.name().equals(name)) {
                continue;
            }
            boolean same = type.equals("TXT") ? other.content().equals(content) : other.content().equalsIgnoreCase(content);
            if (other.type().equals(type) && same) {
                return new Reply(400, error(81057, "Record already exists.", null));
            }
            boolean address = other.type().equals("A") || other.type().equals("AAAA");
            if (type.equals("CNAME") && (address || other.type().equals("CNAME"))) {
                return new Reply(400, error(81053, "An A, AAAA, or CNAME record with that host already exists.", null));
            }
            if (other.type().equals("CNAME") && (type.equals("A") || type.equals("AAAA"))) {
                return new Reply(400, error(81054, "A CNAME record with that host already exists.", null));
            }
        }
        Record r = new Record(id, type, name, content, proxied ? 1 : ttl, proxied, comment);
        records.get(zoneId).put(id, r);
        return new Reply(200, envelope(json(r), null));
    }

    /**
     * TXT content as Cloudflare keeps it: verbatim, unquoted content included (the API keeps it and the
     * dashboard flags it); quoted strings over 255 bytes split into several ("Strings exceeding this allowed
     * maximum length are automatically split"); {@code null} for quoted content that is not well formed.
     */
    private static String storedTxt(String content) {
        if (!content.startsWith("\"")) {
            return content;
        }
        List<String> strings = FakeTxt.quotedStrings(content);
        if (strings == null) {
            return null;
        }
        if (strings.stream().allMatch(raw -> FakeTxt.length(raw, 10) <= FakeTxt.MAX_STRING_BYTES)) {
            return content;
        }
        List<String> split = new ArrayList<>();
        strings.forEach(raw -> FakeTxt.chunks(raw, 10).forEach(chunk -> split.add("\"" + chunk + "\"")));
        return String.join(" ", split);
    }

    private static String invalidContent(String type, String content) {
        boolean ok = switch (type) {
            case "A" -> content.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            case "AAAA" -> content.contains(":") && content.matches("[0-9a-fA-F:.]+");
            case "CNAME" -> content.matches("[A-Za-z0-9_.-]+") && content.contains(".");
            default -> true;
        };
        if (ok) {
            return null;
        }
        int code = type.equals("A") ? 9005 : type.equals("AAAA") ? 9006 : 9007;
        return "{\"code\":" + code + ",\"message\":\"Content for " + type + " record is invalid.\"}";
    }

    private Reply page(List<String> items, Map<String, String> q, int defaultPerPage, int maxAllowed) {
        int perPage = Math.min(Math.min(intParam(q, "per_page", defaultPerPage), maxAllowed), maxPerPage);
        int page = intParam(q, "page", 1);
        if (perPage < 1 || page < 1) {
            return new Reply(400, error(1001, "Invalid page or per_page", null));
        }
        int from = Math.min(items.size(), (page - 1) * perPage);
        List<String> slice = items.subList(from, Math.min(items.size(), from + perPage));
        int totalPages = Math.max(1, (items.size() + perPage - 1) / perPage);
        String info = "{\"page\":" + page + ",\"per_page\":" + perPage + ",\"count\":" + slice.size() + ",\"total_count\":"
                + items.size() + ",\"total_pages\":" + totalPages + "}";
        return new Reply(200, envelope("[" + String.join(",", slice) + "]", info));
    }

    private static String json(Record r) {
        return "{\"id\":\"" + r.id() + "\",\"type\":\"" + r.type() + "\",\"name\":" + FakeJson.quote(r.name())
                + ",\"content\":" + FakeJson.quote(r.content()) + ",\"proxiable\":" + !r.type().equals("TXT")
                + ",\"proxied\":" + r.proxied() + ",\"ttl\":" + r.ttl() + ",\"settings\":{},\"meta\":{},\"comment\":"
                + FakeJson.quoteOrNull(r.comment())
                + ",\"tags\":[],\"created_on\":\"2025-01-01T00:00:00Z\",\"modified_on\":\"2025-01-01T00:00:00Z\"}";
    }

    private static String envelope(String result, String resultInfo) {
        return "{\"result\":" + result + ",\"success\":true,\"errors\":[],\"messages\":[]"
                + (resultInfo == null ? "" : ",\"result_info\":" + resultInfo) + "}";
    }

    private static String error(int code, String message, String chain) {
        return "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":" + FakeJson.quote(message)
                + (chain == null ? "" : ",\"error_chain\":[" + chain + "]") + "}],\"messages\":[],\"result\":null}";
    }

    /** Cloudflare's JSON is labelled as such; an injected body that is not JSON goes out as an HTML page. */
    private static void send(HttpExchange ex, int status, String body) throws IOException {
        FakeHttp.send(ex, status, body, body.startsWith("{") ? "application/json" : "text/html; charset=UTF-8");
    }

    private String zoneId(String zone) {
        String wanted = normal(zone);
        return zones.entrySet().stream().filter(e -> e.getValue().equals(wanted)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the fake has no zone " + zone));
    }

    /** Cloudflare takes a name relative to the zone ("www", "@") as well as the full one. */
    private static String qualify(String name, String zone) {
        String n = normal(name);
        if (n.equals("@")) {
            return zone;
        }
        return n.equals(zone) || n.endsWith("." + zone) ? n : n + "." + zone;
    }

    private static String normal(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static int intParam(Map<String, String> q, String key, int dflt) {
        try {
            return q.containsKey(key) ? Integer.parseInt(q.get(key)) : dflt;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
