package io.dnsfailover.controller.state;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Group names as file names in {@code groups/}. A group name is any YAML key the operator chose, so it may
 * hold {@code /}, {@code ..}, upper case or non-ASCII text. Lower-case letters, digits, {@code -}, {@code _}
 * and (not first) {@code .} are kept; every other byte of the name's UTF-8 is written {@code %XX} with
 * upper-case hex. The result never leaves the directory, never starts with a dot, and two group names never
 * share a file, not even on a file system that ignores case (upper case is always encoded). The mapping is
 * reversible, so that {@code load()} can name the group of each file.
 */
final class GroupFileNames {

    /** Room for the suffixes ({@code .json.broken-20261121T120003Z-9} and the like) in a 255-byte file name. */
    static final int MAX_LENGTH = 200;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private GroupFileNames() {}

    /**
     * The file name stem of {@code group}.
     *
     * @throws IllegalArgumentException when the name is empty or too long for a file name, saying so
     */
    static String of(String group) {
        if (group == null || group.isEmpty()) {
            throw new IllegalArgumentException("a group name cannot be empty; its state is kept in a file named after it");
        }
        StringBuilder out = new StringBuilder(group.length());
        byte[] bytes = group.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (kept(c, out.length() == 0)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        if (out.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("group name '" + abbreviate(group) + "' is too long to name its state file ("
                    + out.length() + " characters as a file name, at most " + MAX_LENGTH + "); give the group a shorter name");
        }
        return out.toString();
    }

    /** The group whose file name stem is {@code stem}, or empty when no group's file is named so. */
    static Optional<String> group(String stem) {
        if (plain(stem)) {
            return Optional.of(stem); // nothing encoded: the stem is the name (most groups; no decoder needed)
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(stem.length());
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            if (c == '%' && i + 2 < stem.length() && hex(stem.charAt(i + 1)) >= 0 && hex(stem.charAt(i + 2)) >= 0) {
                bytes.write(hex(stem.charAt(i + 1)) * 16 + hex(stem.charAt(i + 2)));
                i += 2;
            } else if (kept(c, i == 0)) {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        try {
            String group = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
            // only the spelling this class writes: "%61" is not "a"'s file, so no group has two files
            return !group.isEmpty() && of(group).equals(stem) ? Optional.of(group) : Optional.empty();
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True when {@code stem} is not empty and every character of it is one {@link #of} keeps as it is. */
    private static boolean plain(String stem) {
        for (int i = 0; i < stem.length(); i++) {
            if (!kept(stem.charAt(i), i == 0)) {
                return false;
            }
        }
        return !stem.isEmpty() && stem.length() <= MAX_LENGTH;
    }

    private static boolean kept(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' && !first;
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
