package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.controller.state.StateStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The daemon's side of {@link AnswerSocket}: answers {@code status} and {@code plan} for its own config, by running
 * the very same command in its JVM (warm, with the config parsed once) and sending back its output and exit code.
 * The command reads the providers, the state and the saved observations as it would in a process of its own; only
 * the config is the daemon's. One command at a time, on a thread of its own: the daemon's probes and ticks do not
 * wait for it. Anything else (another config's bytes, another command, a second command at once) is refused with the
 * reason, and the asking command computes its answer itself.
 */
final class DaemonAnswers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DaemonAnswers.class);

    /** The commands answered: those that write nothing. */
    static final Set<String> COMMANDS = Set.of("status", "plan");

    /** How long a request may take to arrive once its connection is open. */
    static final Duration REQUEST_WAIT = Duration.ofSeconds(5);

    /**
     * The longest answer sent: about 100,000 targets' status (10,000 take 1.5 MB). A longer one is not sent, so that
     * answering never takes much of the daemon's heap; {@code --local} computes it.
     */
    static final int MAX_OUTPUT = 16 * 1024 * 1024;

    private final ServerSocketChannel server;
    private final Path socket;
    private final ConfigOption.Answering lent;
    private final String sha256;
    private final Semaphore one = new Semaphore(1);
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;

    private DaemonAnswers(ServerSocketChannel server, Path socket, ConfigOption.Answering lent, String sha256) {
        this.server = server;
        this.socket = socket;
        this.lent = lent;
        this.sha256 = sha256;
        ScheduledThreadPoolExecutor d = new ScheduledThreadPoolExecutor(1, r -> daemonThread(r, "dnsfailover-answer-deadline"));
        d.setRemoveOnCancelPolicy(true);
        this.deadlines = d;
        this.acceptor = daemonThread(this::accept, "dnsfailover-answers");
    }

    /**
     * Starts answering for {@code config}, read from {@code file} whose bytes have digest {@code sha256}, with the
     * daemon's {@code store} and its live {@code observations} lent read-only to the commands; empty (a warning logged) when the socket cannot be made:
     * the daemon runs without it, and commands compute for themselves.
     */
    static Optional<DaemonAnswers> start(Path file, String sha256, Config config, StateStore store,
            Supplier<Observations> observations) {
        Optional<Path> where = AnswerSocket.of(file);
        if (where.isEmpty()) {
            return Optional.empty();
        }
        Path socket = where.get();
        if (!AnswerSocket.prepare(socket.getParent())) {
            log.warn("status and plan will not be answered by this daemon: {} is not a directory of this user's with mode 0700;"
                    + " remove it, or set java.io.tmpdir to another directory", socket.getParent());
            return Optional.empty();
        }
        try {
            // a socket left by a daemon that died: no daemon of this config runs, or its state lock would have stopped this one
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            DaemonAnswers answers = new DaemonAnswers(server, socket, new ConfigOption.Answering(config, store, observations), sha256);
            answers.acceptor.start();
            return Optional.of(answers);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("status and plan will not be answered by this daemon: cannot listen on {}: {}", socket, e.toString());
            return Optional.empty();
        }
    }

    Path socket() {
        return socket;
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("cannot take a command to answer: {}", e.toString());
                continue;
            }
            daemonThread(() -> answer(ch), "dnsfailover-answer").start();
        }
    }

    private void answer(SocketChannel ch) {
        try (ch) {
            // a client that connects and sends nothing is cut off, not waited for
            ScheduledFuture<?> cut = deadlines.schedule(() -> closeQuietly(ch), REQUEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            int version = in.readInt();
            String digest = version == AnswerSocket.VERSION ? AnswerSocket.readText(in, 128) : "";
            List<String> args = new ArrayList<>();
            if (version == AnswerSocket.VERSION) {
                int n = in.readInt();
                if (n < 0 || n > 64) {
                    throw new IOException(n + " arguments");
                }
                for (int i = 0; i < n; i++) {
                    args.add(AnswerSocket.readText(in, AnswerSocket.MAX_REQUEST));
                }
            }
            cut.cancel(false);
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            String refused = refusal(version, digest, args);
            if (refused != null) {
                AnswerSocket.refuse(out, refused);
                return;
            }
            try {
                long started = System.nanoTime();
                Answer a = run(args);
                long ran = System.nanoTime();
                AnswerSocket.answer(out, a.code(), ProcessHandle.current().pid(), a.out(), a.err());
                log.info("answered '{}' (exit {}) in {} ms, sent in {} ms", String.join(" ", args), a.code(), (ran - started) / 1_000_000,
                        (System.nanoTime() - ran) / 1_000_000);
            } finally {
                one.release();
            }
        } catch (IOException e) {
            log.debug("a command's connection ended early: {}", e.toString());
        } catch (RuntimeException e) {
            log.warn("answering a command failed: {}", e.toString(), e);
        }
    }

    /** Why the request is not answered, or {@code null} when it is (the one command slot then taken). */
    private String refusal(int version, String digest, List<String> args) {
        if (version != AnswerSocket.VERSION) {
            return "it speaks version " + version + " of the daemon's socket, this daemon version " + AnswerSocket.VERSION;
        }
        if (!digest.equals(sha256)) {
            return "the config file was changed since this daemon read it; restart the daemon to run the new config";
        }
        if (args.isEmpty() || !COMMANDS.contains(args.get(0))) {
            return "the daemon answers only " + String.join(" and ", COMMANDS.stream().sorted().toList());
        }
        if (!one.tryAcquire()) {
            return "the daemon is answering another command";
        }
        return null;
    }

    record Answer(int code, String out, String err) {}

    private Answer run(List<String> args) {
        String[] argv = args.toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConfigOption.answering(lent, () -> {
            CommandLine cl = Main.commandLine(argv);
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            return cl.execute(argv);
        });
        if (out.getBuffer().length() > MAX_OUTPUT) {
            return new Answer(ExitCodes.FAILURE, "", "dnsfailover: the answer is too long to send; run the command with --local\n");
        }
        return new Answer(code, out.toString(), err.toString());
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing to cut it off: nothing more to do
        }
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops answering and removes the socket. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing the answer socket: {}", e.toString());
        }
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", socket, e.toString());
        }
    }
}
