package io.dnsfailover.controller.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads the marker and the groups' files of one state directory, each parse cached by the file's identity,
 * size and modification time: a daemon reads every group on every tick, and an unchanged file is not parsed
 * again. Never throws: a file that cannot be used comes back with the exception its caller is to throw,
 * whose message names the file and the way out.
 */
final class StateFiles {

    /**
     * A parse is reused only for a file last modified this long before it was read. A file replaced later in
     * the same tick of the file system's clock could reuse the freed inode with the same size and time, and
     * look unchanged; a file older than the read cannot have been replaced since without a newer time.
     */
    private static final Duration RACY = Duration.ofSeconds(2);

    private final StateJson json;
    private volatile Cached<Marker> marker;
    private final ConcurrentMap<Path, Cached<GroupFile>> groups = new ConcurrentHashMap<>();

    StateFiles(StateJson json) {
        this.json = json;
    }

    /** What {@code state.json} is. */
    sealed interface Marker {

        /** No {@code state.json}: nothing was saved yet, or it was lost. */
        record Absent() implements Marker {}

        /** The marker of the format this code writes: the state is in the groups' files. */
        record Current() implements Marker {}

        /** A format-1 file, holding every group's state; to be migrated by the next writer. */
        record Legacy(State state) implements Marker {}

        /**
         * A file that cannot be used: {@code error} is a {@link StateUnusableException} (broken; {@code newer} when
         * a newer dnsfailover wrote it) or an {@link UncheckedIOException} (cannot be read).
         */
        record Broken(RuntimeException error, boolean newer) implements Marker {}
    }

    /** A group's file as read: its state when {@code present}, or the {@code error} to throw. */
    record GroupFile(GroupState state, boolean present, RuntimeException error) {

        static final GroupFile ABSENT = new GroupFile(GroupState.EMPTY, false, null);
    }

    private record Cached<T>(List<Object> key, Instant readAt, T value) {}

    /** The marker; with {@code cached}, an unchanged file is not read again. */
    Marker marker(Path file, boolean cached) {
        Optional<Read> read = read(file, cached ? marker : null);
        if (read.isEmpty()) {
            return new Marker.Absent();
        }
        if (read.get().cached() != null) {
            return (Marker) read.get().cached().value();
        }
        Marker m = parseMarker(file, read.get());
        if (read.get().bytes() != null) {
            marker = new Cached<>(read.get().key(), read.get().readAt(), m);
        }
        return m;
    }

    private Marker parseMarker(Path file, Read read) {
        if (read.error() != null) {
            return new Marker.Broken(read.error(), false);
        }
        try {
            Optional<State> legacy = json.parseStoreFile(read.bytes());
            return legacy.<Marker>map(Marker.Legacy::new).orElseGet(Marker.Current::new);
        } catch (JsonProcessingException e) {
            return new Marker.Broken(unusable(file, where(e) + e.getOriginalMessage(), false, null), false);
        } catch (StateJson.UnusableStateException e) {
            return new Marker.Broken(unusable(file, e.getMessage(), e.newer(), null), e.newer());
        }
    }

    /** {@code group}'s file; with {@code cached}, an unchanged file is not read again. */
    GroupFile group(Path file, String group, boolean cached) {
        Optional<Read> read = read(file, cached ? groups.get(file) : null);
        if (read.isEmpty()) {
            groups.remove(file);
            return GroupFile.ABSENT;
        }
        if (read.get().cached() != null) {
            return (GroupFile) read.get().cached().value();
        }
        GroupFile g = parseGroup(file, group, read.get());
        if (read.get().bytes() != null) {
            groups.put(file, new Cached<>(read.get().key(), read.get().readAt(), g));
        }
        return g;
    }

    private GroupFile parseGroup(Path file, String group, Read read) {
        if (read.error() != null) {
            return new GroupFile(GroupState.EMPTY, false, read.error());
        }
        try {
            return new GroupFile(json.parseGroup(read.bytes()), true, null);
        } catch (JsonProcessingException e) {
            return new GroupFile(GroupState.EMPTY, false, unusable(file, where(e) + e.getOriginalMessage(), false, group));
        } catch (StateJson.UnusableStateException e) {
            return new GroupFile(GroupState.EMPTY, false, unusable(file, e.getMessage(), e.newer(), group));
        }
    }

    /**
     * One look at a file: empty when it does not exist; else the cache entry still valid for it, or its bytes,
     * or the error reading them.
     */
    private record Read(List<Object> key, Instant readAt, byte[] bytes, RuntimeException error, Cached<?> cached) {}

    private static Optional<Read> read(Path file, Cached<?> cache) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            List<Object> key = List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime());
            Instant readAt = Instant.now();
            if (cache != null && cache.key().equals(key)
                    && a.lastModifiedTime().toInstant().isBefore(cache.readAt().minus(RACY))) {
                return Optional.of(new Read(key, readAt, null, null, cache));
            }
            return Optional.of(new Read(key, readAt, Files.readAllBytes(file), null, null));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new Read(null, null, null,
                    new UncheckedIOException("cannot read state file " + file + ": " + FileStateStore.describe(e), e), null));
        }
    }

    /** The error for a file that must be neither used nor overwritten, saying what to do about it. */
    private static StateUnusableException unusable(Path file, String why, boolean newer, String group) {
        String what = "state file " + file + (group == null ? "" : " (group " + group + ")");
        String start = group == null
                ? "start from the state in groups/ (whatever group state is still in this file, from before format "
                        + StateJson.VERSION + ", is then forgotten, operator pins included)"
                : "start this group from empty state (its operator pin and switch time will then be forgotten)";
        String fix = newer ? "Run the newer dnsfailover that wrote it, restore it from a backup" : "Repair it, restore it from a backup";
        return new StateUnusableException(file, what + " cannot be used (" + firstLine(why) + "); dnsfailover left it unchanged. "
                + fix + ", or move it aside to " + start);
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
