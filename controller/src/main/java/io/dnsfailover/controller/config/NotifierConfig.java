package io.dnsfailover.controller.config;

import java.util.List;
import java.util.Map;

/** Where notifications go. */
public sealed interface NotifierConfig {

    /**
     * Email through an SMTP server.
     *
     * @param starttls upgrade a plain connection with STARTTLS (port 587)
     * @param tls implicit TLS from the first byte (port 465)
     */
    record Email(String host, int port, boolean starttls, boolean tls, String username, Secret password, String from,
            List<String> to) implements NotifierConfig {
        public Email {
            to = List.copyOf(to);
        }
    }

    /**
     * A JSON POST.
     *
     * @param url where to POST; its path and query may carry a token, so only scheme and host are printed
     * @param headers extra headers (e.g. Authorization), values secret
     */
    record Webhook(String url, Map<String, Secret> headers) implements NotifierConfig {
        public Webhook {
            headers = Map.copyOf(headers);
        }
    }
}
