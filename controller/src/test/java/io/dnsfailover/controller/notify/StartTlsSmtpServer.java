package io.dnsfailover.controller.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal SMTP server on loopback that offers STARTTLS, because GreenMail 2.1 does not: just enough of
 * RFC 3207 and RFC 5321 to take one message per connection. It uses GreenMail's self-signed test certificate and
 * records, for each message, whether it arrived inside TLS.
 */
final class StartTlsSmtpServer implements AutoCloseable {

    /** One message as received. */
    record Received(boolean overTls, String from, List<String> recipients, String data) {
    }

    private final ServerSocket server;
    private final SSLContext tls;
    private final Thread acceptor;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    StartTlsSmtpServer() throws IOException, GeneralSecurityException {
        this.tls = greenMailCertificate();
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::serve, "starttls-smtp-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join(5_000);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                converse(socket);
            } catch (IOException e) {
                // closed by close(), or a client that went away: wait for the next one
            }
        }
    }

    private void converse(Socket plain) throws IOException {
        Socket socket = plain;
        boolean overTls = false;
        BufferedReader in = reader(socket);
        OutputStream out = socket.getOutputStream();
        reply(out, "220 localhost ESMTP test server");
        String from = null;
        List<String> recipients = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String verb = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
            switch (verb) {
                case "EHLO" -> reply(out, overTls ? "250-localhost\r\n250 8BITMIME" : "250-localhost\r\n250 STARTTLS");
                case "STAR" -> {
                    reply(out, "220 2.0.0 ready to start TLS");
                    SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                    upgraded.setUseClientMode(false);
                    upgraded.startHandshake();
                    socket = upgraded;
                    in = reader(socket);
                    out = socket.getOutputStream();
                    overTls = true;
                }
                case "MAIL" -> {
                    from = line.substring(line.indexOf(':') + 1).trim();
                    reply(out, "250 2.1.0 ok");
                }
                case "RCPT" -> {
                    recipients.add(line.substring(line.indexOf(':') + 1).trim());
                    reply(out, "250 2.1.5 ok");
                }
                case "DATA" -> {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder data = new StringBuilder();
                    for (String l = in.readLine(); l != null && !l.equals("."); l = in.readLine()) {
                        data.append(l.startsWith("..") ? l.substring(1) : l).append('\n');
                    }
                    received.add(new Received(overTls, from, List.copyOf(recipients), data.toString()));
                    recipients.clear();
                    reply(out, "250 2.0.0 queued");
                }
                case "QUIT" -> {
                    reply(out, "221 2.0.0 bye");
                    socket.close();
                    return;
                }
                default -> reply(out, verb.equals("RSET") || verb.equals("NOOP") ? "250 ok" : "502 5.5.2 not implemented");
            }
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The key pair GreenMail ships for its own SMTPS tests (greenmail.p12, password {@code changeit}). */
    private static SSLContext greenMailCertificate() throws IOException, GeneralSecurityException {
        char[] password = "changeit".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream p12 = StartTlsSmtpServer.class.getResourceAsStream("/greenmail.p12")) {
            if (p12 == null) {
                throw new UncheckedIOException(new IOException("greenmail.p12 is not on the test classpath"));
            }
            store.load(p12, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
