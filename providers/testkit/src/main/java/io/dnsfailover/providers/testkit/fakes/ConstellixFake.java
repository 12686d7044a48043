package io.dnsfailover.providers.testkit.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small stateful fake of the Constellix DNS API v4 on 127.0.0.1, for the adapter's contract suite and
 * CLI tests. It follows the documented wire format: {@code Authorization: Bearer apiKey:hmac:millis} with
 * the HMAC-SHA1 of the millis checked against the secret (±5 min), {@code GET /v4/search/domains?name=}
 * (which, like a fuzzy search, also returns neighbours that merely contain the name), paginated
 * {@code GET /v4/domains/{id}/records?page=&perPage=} with {@code meta.pagination} and {@code meta.links},
 * {@code POST}/{@code PUT}/{@code DELETE} of one record object per name and type holding all values (a
 * TXT value being the text itself, as the v4 SDKs send it),
 * {@code {"message": ..., "errors": {field: [..]}}} errors (400 for a duplicate name and type, and for a
 * PUT that changes nothing), and {@code X-RateLimit-*} headers. Tests can inject failures: 429 with
 * {@code X-RateLimit-Reset}, any status, or a delay, for the next N requests.
 */
public final class ConstellixFake implements AutoCloseable {

    private static final Pattern RECORDS = Pattern.compile("/v4/domains/(\\d+)/records(?:/(\\d+))?");
    private static final long SKEW_MILLIS = 300_000;

    private record Fault(boolean writesOnly, int status, String body, Map<String, String> headers, Duration delay) {}

    private static final class Rec {
        long id;
        String name;
        String type;
        long ttl;
        boolean enabled = true;
        String mode = "standard";
        String notes = "";
        List<Object> values = new ArrayList<>();
    }

    private final String apiKey;
    private final String secretKey;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "constellix-fake");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, String> domains = new LinkedHashMap<>();
    private final Map<Long, Map<Long, Rec>> records = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private long nextId = 366_246;
    private int maxPerPage = 100;

    private ConstellixFake(String apiKey, String secretKey) throws IOException {
        this.apiKey = apiKey;
        this.secretKey = secretKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake that accepts tokens made from these credentials. */
    public static ConstellixFake start(String apiKey, String secretKey) {
        try {
            return new ConstellixFake(apiKey, secretKey);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Constellix fake on loopback", e);
        }
    }

    /** The base URL to give the adapter as {@code endpoint}, e.g. {@code http://127.0.0.1:40123/v4}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v4";
    }

    /** Adds a domain (zone) and returns its id. */
    public synchronized long addDomain(String name) {
        long id = nextId++;
        domains.put(id, name.toLowerCase(Locale.ROOT));
        records.put(id, new LinkedHashMap<>());
        return id;
    }

    /** Adds a standard record; {@code name} is relative to the zone ({@code ""} for the apex). */
    public synchronized ConstellixFake addRecord(String zone, String name, String type, int ttl, String... values) {
        Rec r = new Rec();
        r.id = nextId++;
        r.name = name;
        r.type = type;
        r.ttl = ttl;
        for (String v : values) {
            r.values.add(Map.of("enabled", true, "value", v));
        }
        records.get(domainId(zone)).put(r.id, r);
        return this;
    }

    /** The enabled values of the record, if there is one. */
    public synchronized Optional<List<String>> values(String zone, String name, String type) {
        for (Rec r : records.get(domainId(zone)).values()) {
            if (r.name.equals(name) && r.type.equals(type)) {
                List<String> out = new ArrayList<>();
                for (Object v : r.values) {
                    if (v instanceof Map<?, ?> m && !Boolean.FALSE.equals(m.get("enabled"))) {
                        out.add(String.valueOf(m.get("value")));
                    }
                }
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    /** The largest page the fake serves, whatever {@code perPage} asks (default 100). */
    public synchronized ConstellixFake maxPerPage(int size) {
        maxPerPage = size;
        return this;
    }

    /** Answers the next {@code times} requests with 429 and {@code X-RateLimit-Reset: resetSeconds}. */
    public synchronized ConstellixFake throttleNext(int times, int resetSeconds) {
        return addFaults(false, times, 429, resetSeconds);
    }

    /** Like {@link #throttleNext} but only for writes (POST, PUT, DELETE), so the read before them succeeds. */
    public synchronized ConstellixFake throttleNextWrites(int times, int resetSeconds) {
        return addFaults(true, times, 429, resetSeconds);
    }

    /** Answers the next {@code times} requests with {@code status} and {@code body}. */
    public synchronized ConstellixFake failNext(int times, int status, String body) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(false, status, body, Map.of(), Duration.ZERO));
        }
        return this;
    }

    /** Holds the next {@code times} requests for {@code delay} before answering them normally. */
    public synchronized ConstellixFake delayNext(int times, Duration delay) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(false, 0, null, Map.of(), delay));
        }
        return this;
    }

    /** Every request so far, as {@code METHOD /path?query}. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private ConstellixFake addFaults(boolean writesOnly, int times, int status, int resetSeconds) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(writesOnly, status, "{\"message\":\"Rate limit exceeded\"}",
                    Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(resetSeconds)), Duration.ZERO));
        }
        return this;
    }

    private long domainId(String zone) {
        String z = zone.toLowerCase(Locale.ROOT);
        return domains.entrySet().stream().filter(e -> e.getValue().equals(z)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the fake has no domain " + zone)).getKey();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            String query = ex.getRequestURI().getRawQuery();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Fault fault;
            synchronized (this) {
                requests.add(method + " " + ex.getRequestURI().getPath() + (query == null ? "" : "?" + query));
                fault = takeFault(!method.equals("GET"));
            }
            if (fault != null && !fault.delay().isZero()) {
                FakeHttp.delay(fault.delay());
            }
            if (fault != null && fault.status() != 0) {
                fault.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                send(ex, fault.status(), fault.body());
                return;
            }
            ex.getResponseHeaders().set("X-RateLimit-Limit", "1000");
            ex.getResponseHeaders().set("X-RateLimit-Remaining", "999");
            ex.getResponseHeaders().set("X-RateLimit-Reset", "60");
            if (!authorised(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"message\":\"Unauthorized\"}");
                return;
            }
            String[] reply;
            synchronized (this) {
                // only name=value pairs count, with their names as sent
                Map<String, String> params = FakeHttp.query(query, name -> name, FakeHttp::decode, false);
                reply = route(method, ex.getRequestURI().getPath(), params, body);
            }
            send(ex, Integer.parseInt(reply[0]), reply[1]);
        } catch (RuntimeException e) {
            send(ex, 500, "{\"message\":\"Server Error\"}");
        } finally {
            ex.close();
        }
    }

    private Fault takeFault(boolean write) {
        for (int i = 0; i < faults.size(); i++) {
            if (!faults.get(i).writesOnly() || write) {
                return faults.remove(i);
            }
        }
        return null;
    }

    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = header.substring(7).split(":", -1);
        if (parts.length != 3 || !parts[0].equals(apiKey) || !parts[2].matches("\\d{1,15}")) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() - Long.parseLong(parts[2])) > SKEW_MILLIS) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] expected = mac.doFinal(parts[2].getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private String[] route(String method, String path, Map<String, String> params, String body) {
        if (method.equals("GET") && path.equals("/v4/search/domains")) {
            String name = params.getOrDefault("name", "").toLowerCase(Locale.ROOT);
            List<String> items = new ArrayList<>();
            domains.forEach((id, d) -> {
                if (matches(d, name)) {
                    items.add("{\"id\":" + id + ",\"name\":" + FakeJson.quote(d) + ",\"links\":{\"domain\":"
                            + FakeJson.quote(endpoint() + "/domains/" + id) + "}}");
                }
            });
            return page(items, params, "/search/domains");
        }
        Matcher m = RECORDS.matcher(path);
        if (!m.matches() || !records.containsKey(Long.parseLong(m.group(1)))) {
            return notFound();
        }
        long domain = Long.parseLong(m.group(1));
        Map<Long, Rec> recs = records.get(domain);
        Rec rec = m.group(2) == null ? null : recs.get(Long.parseLong(m.group(2)));
        if (m.group(2) != null && rec == null) {
            return notFound();
        }
        switch (method + (rec == null ? " list" : " one")) {
            case "GET list": {
                List<String> items = new ArrayList<>();
                recs.values().forEach(r -> items.add(json(domain, r)));
                return page(items, params, "/domains/" + domain + "/records");
            }
            case "GET one":
                return new String[] {"200", "{\"data\":" + json(domain, rec) + "}"};
            case "POST list":
                return write(domain, new Rec(), body);
            case "PUT one":
                return write(domain, rec, body);
            case "DELETE one":
                recs.remove(rec.id);
                return new String[] {"204", ""};
            default:
                return new String[] {"405", "{\"message\":\"Method Not Allowed\"}"};
        }
    }

    private static boolean matches(String domain, String name) {
        if (name.startsWith("*")) {
            return domain.endsWith(name.substring(1));
        }
        if (name.endsWith("*")) {
            return domain.startsWith(name.substring(0, name.length() - 1));
        }
        return domain.contains(name);
    }

    private String[] write(long domain, Rec rec, String body) {
        try {
            return validWrite(domain, rec, body);
        } catch (ClassCastException e) {
            return invalid("body", "A field has the wrong type");
        }
    }

    @SuppressWarnings("unchecked")
    private String[] validWrite(long domain, Rec rec, String body) {
        Object parsed;
        try {
            parsed = FakeJson.parse(body, FakeJson.Syntax.WHOLE_NUMBERS);
        } catch (IllegalArgumentException e) {
            return invalid("body", "The request body is not valid JSON");
        }
        if (!(parsed instanceof Map<?, ?>)) {
            return invalid("body", "The request body must be an object");
        }
        Map<String, Object> in = (Map<String, Object>) parsed;
        boolean create = rec.id == 0;
        Rec next = new Rec();
        next.id = create ? nextId : rec.id;
        next.name = (String) in.getOrDefault("name", create ? null : rec.name);
        next.type = (String) in.getOrDefault("type", create ? null : rec.type);
        Object ttl = in.getOrDefault("ttl", create ? 3600L : rec.ttl);
        next.enabled = (Boolean) in.getOrDefault("enabled", create || rec.enabled);
        next.mode = (String) in.getOrDefault("mode", create ? "standard" : rec.mode);
        next.notes = (String) in.getOrDefault("notes", create ? "" : rec.notes);
        Object value = in.getOrDefault("value", create ? null : rec.values);
        if (next.name == null || !next.name.matches("[a-z0-9_*.-]*")) {
            return invalid("name", "The name must be a relative host name in lower case");
        }
        if (next.type == null || !next.type.matches("A|AAAA|CNAME|ANAME|TXT|MX|NS")) {
            return invalid("type", "The selected type is invalid");
        }
        if (!(ttl instanceof Long t) || t < 0 || t > 2_147_483_647L) {
            return invalid("ttl", "The ttl must be between 0 and 2147483647");
        }
        next.ttl = t;
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return invalid("value", "The value field is required");
        }
        for (Object v : list) {
            if (!(v instanceof Map<?, ?> mv) || !(mv.get("value") instanceof String s) || !validValue(next.type, s)) {
                return invalid("value", "The value " + v + " is not valid for a " + next.type + " record");
            }
            next.values.add(v);
        }
        if (next.type.matches("CNAME") && list.size() > 1) {
            return invalid("value", "A CNAME record can have only one value");
        }
        for (Rec other : records.get(domain).values()) {
            if (other.id != next.id && other.name.equals(next.name) && other.type.equals(next.type)) {
                return invalid("name", "A record with this name and type already exists");
            }
        }
        if (!create && json(domain, next).equals(json(domain, rec))) {
            return invalid("value", "There are no changes to save");
        }
        if (create) {
            nextId++;
        }
        records.get(domain).put(next.id, next);
        return new String[] {create ? "201" : "200", "{\"data\":" + json(domain, next) + "}"};
    }

    private static boolean validValue(String type, String v) {
        return switch (type) {
            case "A" -> v.matches("(\\d{1,3}\\.){3}\\d{1,3}");
            case "AAAA" -> v.contains(":") && v.matches("[0-9a-fA-F:.]+");
            case "CNAME", "ANAME" -> v.matches("[A-Za-z0-9_.-]+");
            default -> !v.isEmpty();
        };
    }

    private String json(long domain, Rec r) {
        StringBuilder values = new StringBuilder("[");
        for (Object v : r.values) {
            Map<?, ?> m = (Map<?, ?>) v;
            values.append(values.length() > 1 ? "," : "").append("{\"enabled\":").append(!Boolean.FALSE.equals(m.get("enabled")))
                    .append(",\"value\":").append(FakeJson.quote(String.valueOf(m.get("value")))).append('}');
        }
        // a record's strings may be null: written so by a request, or added so by a test
        return "{\"id\":" + r.id + ",\"type\":" + FakeJson.quoteOrNull(r.type) + ",\"ttl\":" + r.ttl + ",\"enabled\":" + r.enabled
                + ",\"name\":" + FakeJson.quoteOrNull(r.name) + ",\"region\":\"default\",\"ipfilter\":null,\"geoproximity\":null"
                + ",\"notes\":" + FakeJson.quoteOrNull(r.notes) + ",\"mode\":" + FakeJson.quoteOrNull(r.mode) + ",\"value\":" + values
                + "],\"domain\":{\"id\":" + domain + ",\"name\":" + FakeJson.quote(domains.get(domain)) + ",\"status\":\"ACTIVE\"}"
                + ",\"links\":{\"self\":" + FakeJson.quote(endpoint() + "/domains/" + domain + "/records/" + r.id) + "}}";
    }

    private String[] page(List<String> items, Map<String, String> params, String path) {
        int perPage = Math.max(1, Math.min(maxPerPage, parse(params.get("perPage"), 20)));
        int totalPages = Math.max(1, (items.size() + perPage - 1) / perPage);
        int current = Math.max(1, parse(params.get("page"), 1));
        List<String> slice = items.subList(Math.min(items.size(), (current - 1) * perPage), Math.min(items.size(), current * perPage));
        String base = endpoint() + path + "?page=";
        String meta = "{\"pagination\":{\"total\":" + items.size() + ",\"count\":" + slice.size() + ",\"perPage\":" + perPage
                + ",\"currentPage\":" + current + ",\"totalPages\":" + totalPages + "},\"links\":{\"self\":"
                + FakeJson.quote(base + current) + ",\"first\":" + FakeJson.quote(base + 1) + ",\"last\":"
                + FakeJson.quote(base + totalPages) + ",\"previous\":"
                + (current > 1 ? FakeJson.quote(base + (current - 1)) : "null") + ",\"next\":"
                + (current < totalPages ? FakeJson.quote(base + (current + 1)) : "null") + "}}";
        return new String[] {"200", "{\"data\":[" + String.join(",", slice) + "],\"meta\":" + meta + "}"};
    }

    private static String[] invalid(String field, String message) {
        return new String[] {"400", "{\"message\":" + FakeJson.quote(message) + ",\"errors\":{" + FakeJson.quote(field) + ":["
                + FakeJson.quote(message) + "]}}"};
    }

    private static String[] notFound() {
        return new String[] {"404", "{\"message\":\"Not Found\"}"};
    }

    private static int parse(String text, int dflt) {
        try {
            return text == null ? dflt : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** JSON when there is a body; no Content-Type when there is none. */
    private static void send(HttpExchange ex, int status, String body) throws IOException {
        FakeHttp.send(ex, status, body, body.isEmpty() ? null : "application/json");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
