package io.dnsfailover.controller.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** File operations of the state directory that a crash or a power cut at any moment cannot leave half done. */
final class AtomicFiles {

    /** The UTC time in the name of a file kept aside: {@code 20261121T120003Z}, sortable and free of colons. */
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AtomicFiles() {}

    /**
     * Replaces {@code file} by {@code bytes}: the old content or the new one, never a mix, whenever the process
     * is killed or the machine loses power. The caller holds the file's lock: the temporary file has one fixed
     * name, so a temporary file left by a killed writer is simply reused.
     */
    static void replace(Path file, byte[] bytes) throws IOException {
        replaceIf(file, bytes, () -> true);
    }

    /**
     * As {@link #replace}, when {@code stillWanted} holds at the last moment, just before the rename (the temp file
     * written and forced): otherwise the temp file is deleted and nothing changes.
     *
     * @return true when {@code file} was replaced
     */
    static boolean replaceIf(Path file, byte[] bytes, java.util.function.BooleanSupplier stillWanted) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            // the data must be on disk before the rename is, or a power cut could leave a renamed empty file
            out.force(true);
        }
        if (!stillWanted.getAsBoolean()) {
            Files.deleteIfExists(temp);
            return false;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.getParent());
        return true;
    }

    /**
     * Replaces {@code file} by {@code bytes} by atomic rename, without forcing either to disk: readers see the old
     * content or the new, but a power cut may lose both. For files rewritten every few seconds. One writer at a time.
     */
    static void replaceWithoutSync(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Renames {@code file} to {@code <name>.broken-<UTC time>} (with {@code -1}, {@code -2}, ... when that name is
     * taken), so that what was there is kept for the operator and never deleted.
     *
     * @return the new name
     */
    static Path keepAside(Path file, Instant now) throws IOException {
        String base = file.getFileName() + ".broken-" + ASIDE.format(now);
        for (int n = 0; ; n++) {
            Path aside = file.resolveSibling(n == 0 ? base : base + "-" + n);
            if (Files.exists(aside)) {
                continue;
            }
            try {
                // no REPLACE_EXISTING: a name taken meanwhile by another process fails instead of losing its file
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            syncDirectory(file.getParent());
            return aside;
        }
    }

    /** Creates {@code dir} when missing, its parent included only if {@code parents}; makes the new entry durable. */
    static void createDirectory(Path dir, boolean parents) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            if (parents) {
                Files.createDirectories(dir);
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        syncDirectory(dir.getParent());
    }

    /** Makes renames and new entries in {@code dir} durable across a power cut (a kill needs no more than the rename). */
    static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some platforms cannot open or sync a directory; the rename is still atomic there
        }
    }
}
