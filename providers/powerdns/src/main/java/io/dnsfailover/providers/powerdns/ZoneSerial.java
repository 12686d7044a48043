package io.dnsfailover.providers.powerdns;

import java.util.Locale;
import java.util.Optional;

/**
 * What a zone's SOA serial, read just before and just after one write of ours, says about other writes in
 * between. PowerDNS 4.7 moves the serial on every API change (a PATCH, even one that changes nothing) by
 * the zone's {@code soa_edit_api}, as measured against a real server:
 * <ul>
 * <li>{@code INCREASE} (and {@code SOA-EDIT-INCREASE} while {@code soa_edit} is empty): +1 per change;
 * <li>{@code DEFAULT}: +1 per change, but the first change of a day jumps to that day's YYYYMMDD01 when the
 *     serial is below it;
 * <li>{@code EPOCH}: the server's time in seconds, so changes in the same second leave one value and no
 *     count can be read off it;
 * <li>off (empty): the API never moves the serial.
 * </ul>
 * Edits past the API (pdnsutil replace-rrset, SQL in the backend) leave the serial alone in every mode, and
 * the API has no per-rrset change stamp in 4.7 (records carry only content and disabled), so neither is
 * seen. The serial belongs to the zone: a change it shows may have been to another rrset.
 */
final class ZoneSerial {

    private static final long MODULUS = 1L << 32;

    private ZoneSerial() {}

    /**
     * The clause naming the other writes the serial shows, e.g. "the zone serial went from 2026120301 to
     * 2026120303 between our read and our read-back, one change more than our write makes (soa_edit_api
     * DEFAULT)"; empty when it shows only our write, or when the mode cannot tell.
     *
     * @param soaEditApi the zone's soa_edit_api ({@code null} or empty: off)
     * @param soaEdit the zone's soa_edit ({@code null}: empty)
     */
    static Optional<String> otherWrites(String soaEditApi, String soaEdit, long before, long after) {
        String mode = soaEditApi == null ? "" : soaEditApi.trim().toUpperCase(Locale.ROOT);
        String moved = "the zone serial went from " + before + " to " + after + " between our read and our read-back";
        long steps = Math.floorMod(after - before, MODULUS);
        switch (mode) {
            case "" -> {
                return after == before ? Optional.empty() : Optional.of(moved
                        + ", although with soa_edit_api off our write leaves it alone: something else changed the SOA");
            }
            case "INCREASE" -> {
                return counted(moved, "INCREASE", steps);
            }
            case "SOA-EDIT-INCREASE" -> {
                // with an soa_edit this is max(edit(serial), serial + 1), which no count can be read from
                return soaEdit == null || soaEdit.isBlank() ? counted(moved, mode, steps) : Optional.empty();
            }
            case "DEFAULT" -> {
                long dayStart = dayStart(after);
                if (dayStart >= 0 && before < dayStart && steps != 1) {
                    // the first change since the read jumped to YYYYMMDD01; each further one added 1
                    return others(moved, "DEFAULT", after - dayStart);
                }
                return counted(moved, "DEFAULT", steps);
            }
            default -> {
                return Optional.empty(); // EPOCH, SOA-EDIT, or a mode of a later version
            }
        }
    }

    /** For modes that add 1 per change: {@code steps} forward means {@code steps - 1} writes besides ours. */
    private static Optional<String> counted(String moved, String mode, long steps) {
        if (steps == 0 || steps >= MODULUS / 2) {
            // still or backwards: not a count of writes, so someone set the SOA itself
            return Optional.of(moved + ", where our write alone moves it forward (soa_edit_api " + mode
                    + "): something else set the SOA serial");
        }
        return others(moved, mode, steps - 1);
    }

    private static Optional<String> others(String moved, String mode, long others) {
        if (others == 0) {
            return Optional.empty();
        }
        return Optional.of(moved + ", " + (others == 1 ? "one change" : others + " changes") + " more than our write makes"
                + " (soa_edit_api " + mode + ")");
    }

    /** YYYYMMDD01 of the day {@code serial} names, or -1 when it does not look like a date-based serial. */
    private static long dayStart(long serial) {
        long date = serial / 100;
        long year = date / 10000;
        long month = date / 100 % 100;
        long day = date % 100;
        if (serial % 100 == 0 || year < 1970 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) {
            return -1;
        }
        return date * 100 + 1;
    }
}
