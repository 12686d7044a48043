package io.dnsfailover.providers.rfc2136;

import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.SettingSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code rfc2136} provider type: a zone on a server that takes RFC 2136 dynamic updates (BIND,
 * Knot, PowerDNS with dnsupdate), optionally signed with a TSIG key (RFC 8945).
 *
 * <p>Settings: {@code server} (IP address or host name of the zone's primary), {@code port} (53),
 * {@code tsigKeyName} and {@code tsigSecret} (base64, as written by {@code tsig-keygen}; both or
 * neither), {@code tsigAlgorithm} ({@code hmac-sha256}). Writes are conditional: each UPDATE carries
 * the record set read just before as its prerequisite. Found with {@link java.util.ServiceLoader}.
 */
public final class Rfc2136ProviderFactory implements DnsProviderFactory {

    static final String SERVER = "server";
    static final String PORT = "port";
    static final String TSIG_KEY_NAME = "tsigKeyName";
    static final String TSIG_SECRET = "tsigSecret";
    static final String TSIG_ALGORITHM = "tsigAlgorithm";

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    /** Needed by {@link java.util.ServiceLoader}. */
    public Rfc2136ProviderFactory() {}

    @Override
    public String type() {
        return "rfc2136";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(
                SettingSpec.required(SERVER, "192.0.2.53 (or ns1.example.com: the zone's primary)"),
                SettingSpec.optional(PORT, "53"),
                SettingSpec.optional(TSIG_KEY_NAME, "dnsfailover-key (the key's name in the server's config)"),
                SettingSpec.secret(TSIG_SECRET, false),
                SettingSpec.optional(TSIG_ALGORITHM, TsigKey.DEFAULT_ALGORITHM));
    }

    /** A, AAAA, CNAME and TXT (no ANAME); TTL 0 is kept; writes are conditional; no sync signal. */
    @Override
    public Capabilities capabilities() {
        return Rfc2136Provider.CAPABILITIES;
    }

    /**
     * Checks, without I/O: {@code server} is an IP address or host name, {@code port} is 1..65535,
     * {@code tsigKeyName} and {@code tsigSecret} come together, the key name is a DNS name, the secret is
     * base64 (its value is never shown) and the algorithm is one of hmac-sha256, hmac-sha512,
     * hmac-sha384, hmac-sha224, hmac-sha1, hmac-md5.
     */
    @Override
    public Map<String, String> validate(ProviderSettings settings) {
        Map<String, String> problems = new LinkedHashMap<>();
        String server = value(settings, SERVER);
        if (server == null) {
            problems.put(SERVER, "server is needed: the IP address or host name of the zone's primary, e.g. 192.0.2.53");
        } else if (!isServer(server)) {
            problems.put(SERVER, "server must be an IP address or host name, e.g. 192.0.2.53 or ns1.example.com, but was '"
                    + server + "'");
        }
        String port = value(settings, PORT);
        if (port != null && parsePort(port) < 0) {
            problems.put(PORT, "port must be a number from 1 to 65535, but was '" + port + "'");
        }
        String keyName = value(settings, TSIG_KEY_NAME);
        String secret = value(settings, TSIG_SECRET);
        if (keyName != null && secret == null) {
            problems.put(TSIG_SECRET, "tsigSecret is needed with tsigKeyName: the base64 secret of key " + keyName
                    + " from the server's key file");
        }
        if (secret != null && keyName == null) {
            problems.put(TSIG_KEY_NAME, "tsigKeyName is needed with tsigSecret: the name of the key in the server's"
                    + " config, e.g. dnsfailover-key");
        }
        if (keyName != null && !isDnsName(keyName)) {
            problems.put(TSIG_KEY_NAME, "tsigKeyName must be a DNS name such as dnsfailover-key, but was '" + keyName + "'");
        }
        if (secret != null && TsigKey.decodeSecret(secret) == null) {
            // never echo the value: it is a secret even when it is malformed
            problems.put(TSIG_SECRET, "tsigSecret is not valid base64 (value not shown): copy the secret \"...\" of the"
                    + " key from the file that tsig-keygen wrote");
        }
        String algorithm = value(settings, TSIG_ALGORITHM);
        if (algorithm != null && !TsigKey.ALGORITHMS.containsKey(algorithm.toLowerCase(Locale.ROOT))) {
            problems.put(TSIG_ALGORITHM, "tsigAlgorithm must be one of " + new TreeSet<>(TsigKey.ALGORITHMS.keySet())
                    + ", but was '" + algorithm + "'");
        }
        return problems;
    }

    /**
     * A provider for these settings. Does no I/O: a host name in {@code server} is resolved at each call.
     *
     * @throws IllegalArgumentException when {@link #validate} finds a problem
     */
    @Override
    public DnsProvider create(ProviderSettings settings) {
        Map<String, String> problems = validate(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("provider '" + settings.name() + "': " + String.join("; ", problems.values()));
        }
        String keyName = value(settings, TSIG_KEY_NAME);
        TsigKey key = keyName == null ? null : new TsigKey(keyName,
                settings.get(TSIG_ALGORITHM, TsigKey.DEFAULT_ALGORITHM), value(settings, TSIG_SECRET));
        String port = value(settings, PORT);
        Rfc2136Client client = new Rfc2136Client(value(settings, SERVER), port == null ? 53 : parsePort(port), key,
                Rfc2136Client.DEFAULT_TIMEOUT);
        return new Rfc2136Provider(client);
    }

    /** Trimmed; null when absent or blank (an unset ${env:...} resolves to blank). */
    private static String value(ProviderSettings settings, String key) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isServer(String text) {
        // a single label (localhost, ns1) is a host name here: resolvers complete it
        return DnsNames.isIpAddress(text) || isDnsName(text) && !text.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static boolean isDnsName(String text) {
        String n = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
