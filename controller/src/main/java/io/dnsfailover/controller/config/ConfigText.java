package io.dnsfailover.controller.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A config file's bytes as text, or a sentence saying why they are no YAML text at all. */
final class ConfigText {

    private ConfigText() {}

    /** The bytes are not text: a binary file (a jar, an image, a key store) given as config. */
    static final class NotText extends Exception {
        private static final long serialVersionUID = 1L;

        NotText(String message) {
            super(message);
        }
    }

    static String decode(byte[] bytes) throws NotText {
        String what = bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4
                ? " (it looks like a zip or jar archive)" : "";
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new NotText("holds binary data, not YAML text (a NUL byte at offset " + i + ")" + what
                        + "; name the YAML config file, e.g. dnsfailover.yaml");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NotText("is not UTF-8 text" + what + "; a config is YAML in UTF-8: convert it (e.g. iconv -t UTF-8), "
                    + "or name the YAML config file");
        }
    }
}
