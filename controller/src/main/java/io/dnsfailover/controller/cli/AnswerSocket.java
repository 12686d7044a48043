package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Where a running daemon answers {@code status} and {@code plan} for the config file it runs ({@link DaemonAnswers}),
 * and the few bytes both sides exchange there ({@link AskDaemon}).
 *
 * <p>The socket is found from the config file alone, before it is parsed (parsing 10,000 targets is most of a
 * one-shot command's time): a Unix socket named after the file's real path, in {@code dnsfailover-USER} under the
 * temporary directory. That directory is made by the daemon with mode 0700 and used only while it belongs to this
 * user with exactly that mode and is no symbolic link, so no other user can listen in it or read what is answered.
 * A daemon answers only a command whose config has the very bytes it loaded (their SHA-256 is in the request).
 */
final class AnswerSocket {

    static final int VERSION = 1;

    /** The longest request read: a command's arguments. */
    static final int MAX_REQUEST = 64 * 1024;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private AnswerSocket() {}

    /** The directory of this user's sockets. */
    static Path directory() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "dnsfailover-" + user);
    }

    /** The socket of the daemon running {@code config}, or empty when the file has no real path (it does not exist). */
    static Optional<Path> of(Path config) {
        try {
            String real = config.toRealPath().toString();
            return Optional.of(directory().resolve(ConfigLoader.digest(real.getBytes(StandardCharsets.UTF_8)).substring(0, 24) + ".sock"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when {@code dir} is a directory of this user's, mode 0700, and no symbolic link: safe to use. */
    static boolean trusted(Path dir) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            return owner.equals(System.getProperty("user.name"))
                    && Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Makes {@code dir} with mode 0700 when it is missing; true when it is then {@link #trusted}. */
    static boolean prepare(Path dir) {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made earlier (by this user, or by someone else: trusted says)
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        return trusted(dir);
    }

    static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readText(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("a text of " + n + " bytes, more than the " + max + " expected");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** A request's bytes: the version, the config's SHA-256 and the command's arguments. */
    static byte[] request(String sha256, java.util.List<String> args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(VERSION);
        writeText(out, sha256);
        out.writeInt(args.size());
        for (String a : args) {
            writeText(out, a);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** An answer's bytes: the version, then the command's exit code, the daemon's pid, its standard output and error. */
    static void answer(DataOutputStream out, int code, long pid, String stdout, String stderr) throws IOException {
        out.writeInt(VERSION);
        out.writeBoolean(true);
        out.writeInt(code);
        out.writeLong(pid);
        writeText(out, stdout);
        writeText(out, stderr);
        out.flush();
    }

    /** A refusal's bytes: the version, then why the daemon does not answer. */
    static void refuse(DataOutputStream out, String why) throws IOException {
        out.writeInt(VERSION);
        out.writeBoolean(false);
        writeText(out, why);
        out.flush();
    }

    /** What came back: an answer ({@code refused} null) or a refusal. */
    record Reply(String refused, int code, long pid, String out, String err) {}

    static Reply reply(DataInputStream in, int maxOutput) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("the daemon speaks version " + version + " of its socket, this command version " + VERSION);
        }
        if (!in.readBoolean()) {
            return new Reply(readText(in, MAX_REQUEST), 0, 0, "", "");
        }
        int code = in.readInt();
        long pid = in.readLong();
        return new Reply(null, code, pid, readText(in, maxOutput), readText(in, maxOutput));
    }
}
