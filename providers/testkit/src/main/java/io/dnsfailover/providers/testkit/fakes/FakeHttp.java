package io.dnsfailover.providers.testkit.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The small HTTP chores the fakes share: reading a query string, answering, and holding a request back. */
final class FakeHttp {

    private FakeHttp() {}

    /**
     * The parameters of a raw query string ({@code null} for none), names and values percent-decoded with
     * {@code +} as a space; a name without {@code =} has the value {@code ""}; of a repeated name, the last
     * counts.
     */
    static Map<String, String> query(String raw) {
        return query(raw, FakeHttp::decode, FakeHttp::decode, true);
    }

    /**
     * The parameters of a raw query string ({@code null} for none), each name decoded with {@code decodeName}
     * and value with {@code decodeValue}; of a repeated name, the last counts.
     *
     * @param bareNames whether a pair without {@code =} counts, with the value {@code ""}, or is left out,
     *     as is then one with an empty name
     */
    static Map<String, String> query(String raw, UnaryOperator<String> decodeName, UnaryOperator<String> decodeValue,
            boolean bareNames) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (!bareNames && eq <= 0) {
                    continue;
                }
                String name = decodeName.apply(eq < 0 ? pair : pair.substring(0, eq));
                q.put(name, eq < 0 ? "" : decodeValue.apply(pair.substring(eq + 1)));
            }
        }
        return q;
    }

    /** {@code text} percent-decoded as UTF-8, with {@code +} as a space. */
    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /**
     * Answers with {@code status} and {@code body} (UTF-8), labelled {@code contentType} unless that is null;
     * an empty body is sent as no body at all.
     */
    static void send(HttpExchange ex, int status, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Holds the calling request thread for {@code delay}, as a slow server would.
     *
     * @return false when the thread was interrupted meanwhile (the fake is closing); its interrupt flag is
     *     then set again
     */
    static boolean delay(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
