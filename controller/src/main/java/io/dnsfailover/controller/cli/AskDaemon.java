package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.ConfigLoader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The asking side of {@link AnswerSocket}: {@code status} and {@code plan} beside a daemon running the same config
 * file (the same bytes) let the daemon answer, which has it parsed and its JVM warm, and print what it sends. When no
 * daemon listens, or it refuses (another version of the config, another command at the same time), or it does not
 * answer in time, the command computes its answer itself, as it would without a daemon.
 */
final class AskDaemon {

    /** Longer than a command takes at its slowest (every provider read retried to its deadline). */
    static final Duration WAIT = Duration.ofSeconds(90);

    private AskDaemon() {}

    /**
     * Asks the daemon to run {@code args} (the command and its options, without {@code --config}); prints its output
     * and returns its exit code, or empty when the command is to compute its answer itself.
     */
    static Optional<Integer> answer(CommandSpec spec, ConfigOption config, List<String> args) {
        if (ConfigOption.answering()) {
            return Optional.empty(); // this is the daemon answering
        }
        Path file = config.file();
        Optional<Path> socket = AnswerSocket.of(file);
        if (socket.isEmpty() || !Files.exists(socket.get()) || !AnswerSocket.trusted(socket.get().getParent())) {
            return Optional.empty();
        }
        PrintWriter err = spec.commandLine().getErr();
        String digest;
        try {
            digest = ConfigLoader.digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty(); // the command reads it again and says what is wrong
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket.get()))) {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(WAIT.toMillis());
                    timedOut.set(true);
                    ch.close();
                } catch (InterruptedException | IOException e) {
                    // answered in time, or closed already
                }
            }, "dnsfailover-ask-deadline");
            watchdog.setDaemon(true);
            watchdog.start();
            try {
                Channels.newOutputStream(ch).write(AnswerSocket.request(digest, args));
                AnswerSocket.Reply r = AnswerSocket.reply(new DataInputStream(Channels.newInputStream(ch)),
                        4 * DaemonAnswers.MAX_OUTPUT); // characters as UTF-8: up to 4 bytes each
                if (r.refused() != null) {
                    err.println("dnsfailover: the daemon running this config does not answer (" + r.refused() + "); computing here");
                    err.flush();
                    return Optional.empty();
                }
                PrintWriter out = spec.commandLine().getOut();
                out.print(r.out());
                out.flush();
                err.print(r.err());
                err.println("dnsfailover: answered by the daemon running this config (pid " + r.pid() + "; --local computes here)");
                err.flush();
                return Optional.of(r.code());
            } finally {
                watchdog.interrupt();
            }
        } catch (AsynchronousCloseException e) {
            if (timedOut.get()) {
                err.println("dnsfailover: the daemon running this config did not answer within " + WAIT.toSeconds() + " s; computing here");
                err.flush();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // nobody listens: a socket left by a daemon that is gone
        }
    }
}
