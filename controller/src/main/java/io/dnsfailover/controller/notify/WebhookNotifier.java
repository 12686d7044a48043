package io.dnsfailover.controller.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.controller.config.NotifierConfig;
import io.dnsfailover.controller.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs a notification as JSON to a URL:
 * <pre>{"kind":"failover","phase":"event","group":"atlanta1","at":"2026-11-21T12:00:03Z","summary":"...","evidence":[...],"changes":[...]}</pre>
 * with {@code Content-Type: application/json} and the configured headers. Any 2xx answer is success; anything
 * else, redirects included, is a failure. The URL's path and query and the header values may carry tokens: they
 * appear in no description, log or exception, which show scheme, host and port only. Thread safe.
 * {@link #close()} cancels a call in flight.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {

    /** Limit on connecting, and on each read and write. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpUrl url;
    private final String shown;
    private final Headers headers;
    private final OkHttpClient client;
    private final Redactor redactor;

    /** @throws IllegalArgumentException when the URL is not http(s) or a header is not valid HTTP */
    public WebhookNotifier(NotifierConfig.Webhook config) {
        this(config, TIMEOUT);
    }

    /** For tests: a shorter {@code timeout} for connect, read and write (the whole call gets three times it). */
    WebhookNotifier(NotifierConfig.Webhook config, Duration timeout) {
        Objects.requireNonNull(config, "config");
        HttpUrl parsed = HttpUrl.parse(config.url());
        if (parsed == null) {
            // Not the URL itself: it may carry a token.
            throw new IllegalArgumentException("a webhook url must be an absolute http or https URL");
        }
        this.url = parsed;
        this.shown = url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? ""
                : ":" + url.port());
        this.headers = headers(config.headers());
        this.redactor = Redactor.of(secrets(config, url));
        this.client = new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout.multipliedBy(3)) // a server trickling bytes must not hold a worker forever
                .followRedirects(false) // a redirected POST turns into a GET and may carry our headers elsewhere
                .followSslRedirects(false)
                .build();
    }

    @Override
    public String describe() {
        return "webhook to " + shown;
    }

    /** @throws IOException when the server could not be reached or did not answer 2xx (the status is in the message) */
    @Override
    public void send(Notification notification) throws IOException {
        Request request = new Request.Builder()
                .url(url)
                .headers(headers)
                .header("User-Agent", "dnsfailover")
                .post(RequestBody.create(json(notification), JSON))
                .build();
        int status;
        try (Response response = client.newCall(request).execute()) {
            status = response.code();
        } catch (IOException e) {
            // The original exception is dropped on purpose: its chain may quote the URL.
            throw new IOException("webhook " + shown + " failed: " + redactor.describe(e));
        }
        if (status < 200 || status > 299) {
            throw new IOException("webhook " + shown + " answered HTTP " + status);
        }
    }

    /** Cancels calls in flight and lets go of pooled connections. The notifier must not be used afterwards. */
    @Override
    public void close() {
        client.dispatcher().cancelAll();
        client.connectionPool().evictAll();
        client.dispatcher().executorService().shutdown();
    }

    /** The JSON payload; bytes, so that OkHttp sends {@code Content-Type: application/json} unchanged. */
    static byte[] json(Notification n) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("kind", n.kind().written())
                .put("phase", n.phase().written())
                .put("group", n.group())
                .put("at", n.at().toString())
                .put("summary", n.summary());
        ArrayNode evidence = root.putArray("evidence");
        n.evidence().forEach(evidence::add);
        ArrayNode changes = root.putArray("changes");
        n.changes().forEach(changes::add);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings always serializes
        }
    }

    private static Headers headers(Map<String, Secret> configured) {
        Headers.Builder b = new Headers.Builder();
        configured.forEach((name, value) -> {
            try {
                b.add(name, value.reveal());
            } catch (IllegalArgumentException e) {
                // OkHttp's own message quotes the value of headers it does not know to be sensitive.
                throw new IllegalArgumentException("webhook header '" + name
                        + "' has a name or value that HTTP does not allow (a line break or control character?)");
            }
        });
        return b.build();
    }

    private static List<String> secrets(NotifierConfig.Webhook config, HttpUrl url) {
        List<String> out = new ArrayList<>();
        out.add(config.url());
        out.add(url.toString());
        if (url.encodedPath().length() > 1) {
            out.add(url.encodedPath());
        }
        out.add(url.encodedQuery());
        out.add(url.password());
        out.add(url.encodedPassword());
        config.headers().values().forEach(v -> out.add(v.reveal()));
        return out;
    }
}
