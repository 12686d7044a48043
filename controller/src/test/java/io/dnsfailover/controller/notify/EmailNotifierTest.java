package io.dnsfailover.controller.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.dnsfailover.controller.config.NotifierConfig;
import io.dnsfailover.controller.config.Secret;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A hang in a background thread must fail the build, not stall it. */
@Timeout(60)
class EmailNotifierTest {

    private static final String PASSWORD = "s3cret-Passw0rd";
    private static final List<String> TO = List.of("ops@example.com", "oncall@example.com");

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.com", "alice", PASSWORD))
            .withPerMethodLifecycle(true);

    @Test
    void sendsOneMessageToEveryRecipientOverPlainSmtp() throws Exception {
        EmailNotifier notifier = new EmailNotifier(config(smtpPort(), false, false, null, null));

        notifier.send(Samples.failover());

        assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage[] copies = greenMail.getReceivedMessages(); // GreenMail stores one copy per mailbox
        assertThat(copies).hasSize(2);
        assertThat(Arrays.stream(copies).map(EmailNotifierTest::messageId).distinct()).hasSize(1);
        assertIsTheFailoverMail(copies[0]);
    }

    @Test
    void logsInWithUsernameAndPassword() throws Exception {
        EmailNotifier notifier = new EmailNotifier(config(smtpPort(), false, false, "alice", PASSWORD));

        notifier.send(Samples.failover());

        assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
        assertIsTheFailoverMail(greenMail.getReceivedMessages()[0]);
    }

    @Test
    void aWrongPasswordFailsWithAMessageThatDoesNotContainIt() {
        String wrong = "wrong-Passw0rd-42";
        EmailNotifier notifier = new EmailNotifier(config(smtpPort(), false, false, "alice", wrong));

        assertThatThrownBy(() -> notifier.send(Samples.failover()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("email via 127.0.0.1:" + smtpPort() + " failed")
                .hasMessageContaining("535")
                .hasMessageNotContaining(wrong)
                .hasNoCause()
                .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void sendsOverImplicitTls() throws Exception {
        EmailNotifier notifier = new EmailNotifier(config(greenMail.getSmtps().getPort(), false, true, "alice", PASSWORD),
                trustTestCertificate("smtps"));

        notifier.send(Samples.failover());

        assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
        assertIsTheFailoverMail(greenMail.getReceivedMessages()[0]);
    }

    @Test
    void implicitTlsRefusesACertificateItDoesNotTrust() {
        EmailNotifier notifier = new EmailNotifier(config(greenMail.getSmtps().getPort(), false, true, "alice", PASSWORD));

        assertThatThrownBy(() -> notifier.send(Samples.failover()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("SSLHandshakeException")
                .hasMessageNotContaining(PASSWORD);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    /** GreenMail 2.1 does not offer STARTTLS: a notifier configured for it must refuse to go on in plain text. */
    @Test
    void starttlsIsRequiredNeverSkippedWhenTheServerDoesNotOfferIt() {
        EmailNotifier notifier = new EmailNotifier(config(smtpPort(), true, false, "alice", PASSWORD),
                trustTestCertificate("smtp"));

        assertThatThrownBy(() -> notifier.send(Samples.failover()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("STARTTLS")
                .hasMessageNotContaining(PASSWORD);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void upgradesWithStarttlsBeforeSendingAnything() throws Exception {
        try (StartTlsSmtpServer server = new StartTlsSmtpServer()) {
            EmailNotifier notifier = new EmailNotifier(config(server.port(), true, false, null, null),
                    trustTestCertificate("smtp"));

            notifier.send(Samples.failover());

            assertThat(server.received()).singleElement().satisfies(r -> {
                assertThat(r.overTls()).isTrue();
                assertThat(r.from()).isEqualTo("<dnsfailover@example.com>");
                assertThat(r.recipients()).containsExactly("<ops@example.com>", "<oncall@example.com>");
                assertThat(r.data()).contains("To: ops@example.com, oncall@example.com", "Why:", "Changed:");
            });
        }
    }

    @Test
    void describesWhereMailGoesWithoutThePassword() {
        EmailNotifier notifier = new EmailNotifier(config(465, false, true, "alice", PASSWORD));

        assertThat(notifier.describe())
                .isEqualTo("email to ops@example.com, oncall@example.com via 127.0.0.1:465 (tls)");
    }

    @Test
    void refusesARecipientThatIsNotAnAddressWhenBuilt() {
        NotifierConfig.Email bad = new NotifierConfig.Email("127.0.0.1", 25, false, false, null, null,
                "dnsfailover@example.com", List.of("ops at example"));

        assertThatThrownBy(() -> new EmailNotifier(bad)).hasMessageContaining("'ops at example' is not an email address");
    }

    private static void assertIsTheFailoverMail(MimeMessage m) throws Exception {
        assertThat(m.getSubject()).isEqualTo("[dnsfailover] atlanta1: failover — failed over from primary to backup1");
        assertThat(m.getFrom()).extracting(Address::toString).containsExactly("dnsfailover@example.com");
        assertThat(m.getRecipients(Message.RecipientType.TO)).extracting(Address::toString).containsExactlyElementsOf(TO);
        assertThat(m.getContentType()).startsWith("text/plain");
        String body = ((String) m.getContent()).replace("\r\n", "\n");
        assertThat(body.lines()).containsSubsequence(
                "atlanta1: failed over from primary to backup1",
                "Why:",
                "  - primary: https check failed 3 times in a row since 2026-11-21T11:59:33Z (connection refused)",
                "  - backup1: https check passed at 2026-11-21T12:00:02Z",
                "Changed:",
                "  - cf: atlanta1.hosting.com A 203.0.113.10 -> 198.51.100.20",
                "Time:  2026-11-21 12:00:03 UTC (2026-11-21T12:00:03Z)");
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    private static NotifierConfig.Email config(int port, boolean starttls, boolean tls, String username, String password) {
        return new NotifierConfig.Email("127.0.0.1", port, starttls, tls, username,
                password == null ? null : Secret.of(password), "dnsfailover@example.com", TO);
    }

    /** GreenMail's test certificate is self-signed and names no host: trust it, here only. */
    private static Properties trustTestCertificate(String protocol) {
        Properties p = new Properties();
        p.setProperty("mail." + protocol + ".ssl.trust", "*");
        p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "false");
        return p;
    }
}
