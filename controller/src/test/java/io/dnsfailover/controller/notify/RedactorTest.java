package io.dnsfailover.controller.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void replacesEverySecretLongestFirst() {
        Redactor r = Redactor.of(Arrays.asList("abc", "xxabcxx", null, " "));

        assertThat(r.scrub("key=xxabcxx and abc")).isEqualTo("key=*** and ***");
    }

    @Test
    void describesTheWholeCauseChainOnOneLineWithoutSecrets() {
        Exception e = new IOException("server said:\r\n500 AUTH PLAIN AGFsaWNlAHB3", new IllegalStateException("pw"));

        assertThat(Redactor.of(List.of("AGFsaWNlAHB3", "pw")).describe(e))
                .isEqualTo("IOException: server said: 500 AUTH PLAIN ***; caused by IllegalStateException: ***");
    }
}
