package io.dnsfailover.controller.state;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The rotated files beside the journal: {@code events.jsonl.000001.gz}, {@code events.jsonl.000002.gz}, ...
 * numbered in the order they were rotated, so the highest number is the newest, a file's name never changes
 * once it has one (a backup or log shipper sees each file once) and a shell glob lists them oldest first
 * ({@code zcat events.jsonl.*.gz | jq}). A number is never reused while a file with a higher one exists; the
 * numbers are zero-padded to six digits and simply grow longer past 999999.
 *
 * <p>A rotation moves through three names per number, each step a rename or a delete so that a crash
 * between any two leaves a state the next rotation finishes: {@code events.jsonl} is renamed to
 * {@code events.jsonl.N}; that is compressed into {@code events.jsonl.N.gz.tmp}, forced to disk and
 * renamed to {@code events.jsonl.N.gz}; only then is {@code events.jsonl.N} deleted. So an uncompressed
 * {@code .N} is always complete (it is compressed again, replacing any {@code .N.gz}), and a {@code .tmp} is
 * always debris.
 *
 * <p>Not thread-safe, and every method must be called with the journal's exclusive lock held (see
 * {@link FileJournal}): that is what makes a {@code .N} immutable and a {@code .tmp} abandoned.
 */
final class JournalRotation {

    private static final String GZ = ".gz";
    private static final String TMP = ".tmp";

    private final Path file;
    private final String name;
    private final int keep;
    private final Pattern rotated;

    /** @param keep how many rotated files to keep, at least 1 */
    JournalRotation(Path file, int keep) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.keep = keep;
        this.rotated = Pattern.compile(Pattern.quote(name) + "\\.(\\d{1,18})((?:" + Pattern.quote(GZ) + ")(?:"
                + Pattern.quote(TMP) + ")?)?");
    }

    /**
     * Renames the journal to the next number and creates it again empty, deletes the oldest rotated files
     * beyond {@code keep}, then finishes every earlier rotation a crash interrupted and compresses the new
     * one. The journal must exist.
     *
     * @throws IOException when a step fails; the steps before it are done, and the next rotation retries the
     *     rest (the current file is fresh as soon as the rename succeeded)
     */
    void rotate() throws IOException {
        NavigableMap<Long, List<Path>> existing = list();
        long next = existing.isEmpty() ? 1 : existing.lastKey() + 1;
        Path renamed = plain(next);
        // never REPLACE_EXISTING: the number is new, and a clash must fail rather than overwrite history
        Files.move(file, renamed, StandardCopyOption.ATOMIC_MOVE);
        // at once, so that the journal's name is missing for as short a time as possible (tail -F, jq)
        new FileOutputStream(file.toFile(), true).close();
        existing.computeIfAbsent(next, n -> new ArrayList<>()).add(renamed);

        // deleted before compressing, so that the space is free when the disk is full; counting uncompressed
        // files too keeps the bound even when compression keeps failing
        int kept = 0;
        for (Map.Entry<Long, List<Path>> e : existing.descendingMap().entrySet()) {
            if (++kept > keep) {
                for (Path p : e.getValue()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        IOException failed = null;
        for (Map.Entry<Long, List<Path>> e : existing.descendingMap().entrySet().stream().limit(keep).toList()) {
            try {
                finish(e.getKey(), e.getValue());
            } catch (IOException x) {
                if (failed == null) {
                    failed = x;
                } else {
                    failed.addSuppressed(x);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Rotated files by number, each with every name it has now (plain, compressed, temporary). */
    NavigableMap<Long, List<Path>> list() throws IOException {
        NavigableMap<Long, List<Path>> found = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(file.toAbsolutePath().getParent())) {
            for (Path p : dir) {
                Matcher m = rotated.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.computeIfAbsent(Long.parseLong(m.group(1)), n -> new ArrayList<>()).add(p);
                }
            }
        }
        return found;
    }

    /** Deletes a temporary file left by a crash and compresses an uncompressed one. */
    private void finish(long n, List<Path> names) throws IOException {
        Path tmp = compressed(n).resolveSibling(compressed(n).getFileName() + TMP);
        Files.deleteIfExists(tmp);
        if (names.contains(plain(n))) {
            compress(plain(n), tmp, compressed(n));
        }
    }

    private static void compress(Path plain, Path tmp, Path gz) throws IOException {
        // streams, not channels: an interrupt must not abort a rotation half-way
        try (InputStream in = new FileInputStream(plain.toFile()); FileOutputStream raw = new FileOutputStream(tmp.toFile())) {
            // the fastest level: the journal's lock is held meanwhile, and JSON lines compress well at any level
            GZIPOutputStream z = new GZIPOutputStream(raw, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            in.transferTo(z);
            z.finish();
            // on disk before the uncompressed file is deleted, or a power cut could lose both
            raw.getFD().sync();
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
        Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.syncDirectory(gz.getParent());
        Files.delete(plain);
    }

    private static void deleteQuietly(Path p, IOException cause) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** {@code events.jsonl.N}, a rotated file not compressed yet. */
    Path plain(long n) {
        return file.resolveSibling(String.format(java.util.Locale.ROOT, "%s.%06d", name, n));
    }

    /** {@code events.jsonl.N.gz}. */
    Path compressed(long n) {
        return file.resolveSibling(plain(n).getFileName() + GZ);
    }
}
