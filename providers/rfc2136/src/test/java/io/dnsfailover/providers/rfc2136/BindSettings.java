package io.dnsfailover.providers.rfc2136;

import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.testkit.BindServer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Provider settings pointing at a {@link BindServer}, with the right key or a chosen wrong one. */
final class BindSettings {

    private BindSettings() {}

    /** Signed with the key the server's zone grants. */
    static ProviderSettings signed(BindServer bind) {
        return signedWith(bind, bind.keyName(), bind.keySecret());
    }

    static ProviderSettings signedWith(BindServer bind, String keyName, String secret) {
        Map<String, String> values = unsignedValues(bind);
        values.put("tsigKeyName", keyName);
        values.put("tsigSecret", secret);
        values.put("tsigAlgorithm", bind.keyAlgorithm());
        return new ProviderSettings("bind-test", values);
    }

    static ProviderSettings unsigned(BindServer bind) {
        return new ProviderSettings("bind-test", unsignedValues(bind));
    }

    /** A fresh random secret, valid base64, that no server knows. */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static Map<String, String> unsignedValues(BindServer bind) {
        Map<String, String> values = new HashMap<>();
        values.put("server", bind.dnsAddress().getAddress().getHostAddress());
        values.put("port", Integer.toString(bind.dnsAddress().getPort()));
        return values;
    }
}
