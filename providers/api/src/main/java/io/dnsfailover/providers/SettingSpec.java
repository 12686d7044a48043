package io.dnsfailover.providers;

/**
 * One setting a provider type takes, as its factory declares it.
 *
 * @param name the key in the config, e.g. {@code apiKey}
 * @param required true when the config must give it
 * @param secret true when it must never be printed
 * @param example what to write, used in "missing" messages, e.g. {@code http://127.0.0.1:8081}
 */
public record SettingSpec(String name, boolean required, boolean secret, String example) {

    public static SettingSpec required(String name, String example) {
        return new SettingSpec(name, true, false, example);
    }

    public static SettingSpec optional(String name, String example) {
        return new SettingSpec(name, false, false, example);
    }

    public static SettingSpec secret(String name, boolean required) {
        return new SettingSpec(name, required, true, "${env:SOME_VARIABLE} (keep secrets out of the file)");
    }
}
