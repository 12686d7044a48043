package io.dnsfailover.controller.e2e;

import static org.awaitility.Awaitility.await;

import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.DnsQuery;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the authoritative DNS server answers for the group's record, asked with a real DNS query, as a resolver
 * would. Waits poll with a generous deadline and never bound how fast the answer changes (budgets are measured by
 * benchmarks, not tests).
 */
final class Authoritative {

    /** How long an expected answer may take to appear; far above interval × fall + failbackAfter. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final InetSocketAddress server;
    private final Supplier<String> context;

    /**
     * @param context what to show when a wait fails: the daemon's log, the journal
     */
    Authoritative(InetSocketAddress server, Supplier<String> context) {
        this.server = server;
        this.context = context;
    }

    /** The values served for {@link E2eConfig#NAME} A now (sorted; empty when there is no record). */
    List<String> values() {
        return DnsQuery.ask(server, E2eConfig.NAME, RecordType.A).values();
    }

    /**
     * Waits until the server answers exactly {@code address}.
     *
     * @param whileWaiting checked at every poll (e.g. that the daemon is still alive); throws to fail at once
     */
    void awaitAnswer(String address, String why, Runnable whileWaiting) {
        try {
            await(why).atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        whileWaiting.run();
                        return values().equals(List.of(address));
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(why + ": " + server + " still answers " + safeValues() + " for " + E2eConfig.NAME
                    + " A instead of [" + address + "] after " + DEADLINE.toSeconds() + " s\n" + context.get(), e);
        }
    }

    /**
     * Polls until {@code until} holds, failing at once if the answer is ever anything but {@code address} meanwhile.
     * The way to show that something does <em>not</em> happen while the daemon keeps ticking.
     */
    void assertAnswerHolds(String address, String why, Duration atLeast, Runnable whileWaiting) {
        try {
            await(why).atMost(atLeast.plus(DEADLINE)).pollInterval(Duration.ofMillis(200)).during(atLeast)
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        whileWaiting.run();
                        List<String> now = values();
                        if (!now.equals(List.of(address))) {
                            throw new AssertionError(why + ": " + server + " answered " + now + " for " + E2eConfig.NAME
                                    + " A instead of [" + address + "]\n" + context.get());
                        }
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(why + ": could not observe the answer for " + atLeast.toSeconds() + " s\n" + context.get(), e);
        }
    }

    private String safeValues() {
        try {
            return values().toString();
        } catch (UncheckedIOException e) {
            return "(no answer: " + e.getMessage() + ")";
        }
    }
}
