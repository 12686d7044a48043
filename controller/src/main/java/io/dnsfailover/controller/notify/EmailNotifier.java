package io.dnsfailover.controller.notify;

import io.dnsfailover.controller.config.NotifierConfig;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Sends a notification as one plain-text email to every configured recipient, through an SMTP server:
 * plain SMTP, SMTP upgraded with STARTTLS (required: never falls back to plain text), or SMTP inside TLS
 * from the first byte ("smtps"). Server certificates and host names are verified. Logs in when a username is
 * configured. Thread safe: each {@link #send} opens its own connection.
 */
public final class EmailNotifier implements Notifier {

    /** Limit on connecting, and on each read and write; a mail server that stalls must not hold a worker. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final NotifierConfig.Email config;
    private final String protocol;
    private final Session session;
    private final Redactor redactor;

    /** @throws IllegalArgumentException when the sender or a recipient is not an email address */
    public EmailNotifier(NotifierConfig.Email config) {
        this(config, new Properties());
    }

    /**
     * For tests: {@code extra} session properties win over the defaults, e.g. trusting a test certificate with
     * {@code mail.smtps.ssl.trust=*}.
     */
    EmailNotifier(NotifierConfig.Email config, Properties extra) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.to().isEmpty()) {
            throw new IllegalArgumentException("an email notifier needs at least one recipient in 'to'");
        }
        parse(config.from());
        addresses(config);
        this.protocol = config.tls() ? "smtps" : "smtp";
        Properties props = properties(config, protocol);
        props.putAll(extra);
        this.session = Session.getInstance(props);
        this.redactor = Redactor.of(secretForms(config));
    }

    @Override
    public String describe() {
        String security = config.tls() ? "tls" : config.starttls() ? "starttls" : "plain";
        return "email to " + String.join(", ", config.to()) + " via " + config.host() + ":" + config.port()
                + " (" + security + ")";
    }

    /**
     * Sends one message addressed to all recipients.
     *
     * @throws IOException when the server could not be reached, refused the login, the sender or a recipient;
     *     the message names the server and the cause, never the password
     */
    @Override
    public void send(Notification notification) throws IOException {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(parse(config.from()));
            message.setRecipients(Message.RecipientType.TO, addresses(config));
            message.setSubject(NotificationText.subject(notification), "UTF-8");
            message.setText(NotificationText.body(notification), "UTF-8");
            message.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation replies to a robot
            message.saveChanges();
            try (Transport transport = session.getTransport(protocol)) {
                String password = config.password() == null ? null : config.password().reveal();
                transport.connect(config.host(), config.port(), config.username(), password);
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException e) {
            // The original exception is dropped on purpose: its chain may quote the AUTH exchange.
            throw new IOException("email via " + config.host() + ":" + config.port() + " failed: "
                    + redactor.describe(e));
        }
    }

    private static InternetAddress[] addresses(NotifierConfig.Email config) {
        List<InternetAddress> out = new ArrayList<>();
        for (String to : config.to()) {
            out.add(parse(to));
        }
        return out.toArray(InternetAddress[]::new);
    }

    /** Checked when built, so that a typo fails at start-up instead of on every retry of every alert. */
    private static InternetAddress parse(String address) {
        try {
            return new InternetAddress(address, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("'" + address + "' is not an email address; write e.g. ops@example.com");
        }
    }

    private static Properties properties(NotifierConfig.Email config, String protocol) {
        String p = "mail." + protocol + ".";
        String timeout = Long.toString(TIMEOUT.toMillis());
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", protocol);
        props.setProperty(p + "host", config.host());
        props.setProperty(p + "port", Integer.toString(config.port()));
        props.setProperty(p + "connectiontimeout", timeout);
        props.setProperty(p + "timeout", timeout);
        props.setProperty(p + "writetimeout", timeout);
        props.setProperty(p + "auth", Boolean.toString(config.username() != null));
        props.setProperty(p + "ssl.checkserveridentity", "true");
        if (config.tls()) {
            props.setProperty(p + "ssl.enable", "true");
        } else if (config.starttls()) {
            // required: a server (or a man in the middle) that does not offer STARTTLS gets no password and no mail.
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        return props;
    }

    /** The password as typed and as it travels in AUTH PLAIN and AUTH LOGIN, in case a server echoes it. */
    private static List<String> secretForms(NotifierConfig.Email config) {
        if (config.password() == null || config.password().reveal().isEmpty()) {
            return List.of();
        }
        String password = config.password().reveal();
        String user = config.username() == null ? "" : config.username();
        Base64.Encoder b64 = Base64.getEncoder();
        return List.of(password,
                b64.encodeToString(password.getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
    }
}
