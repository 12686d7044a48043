package io.dnsfailover.providers.route53;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test's own SigV4 against the answers AWS publishes, so that the known answers the wire tests use
 * are right independently of the adapter and of the AWS signer library.
 */
class SigV4ReferenceTest {

    /** AWS's example secret key, from its documentation and its SigV4 test suite. */
    private static final String EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void derivesTheSigningKeyAwsDocumentsForIam() {
        // IAM User Guide, signing key example: 20120215, us-east-1, iam
        assertThat(SigV4Reference.hex(SigV4Reference.signingKey(EXAMPLE_SECRET, "20120215", "us-east-1", "iam")))
                .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    @Test
    void signsTheGetVanillaRequestOfTheAwsTestSuite() {
        // SigV4 test suite, get-vanilla: GET / on example.amazonaws.com at 20150830T123600Z
        String authorization = SigV4Reference.authorization("AKIDEXAMPLE", EXAMPLE_SECRET, "20150830T123600Z", "us-east-1",
                "service", "GET", "/", Map.of(),
                Map.of("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z"), SigV4Reference.EMPTY_SHA256);

        assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void encodesQueryValuesPerRfc3986() {
        assertThat(SigV4Reference.canonicalQuery(Map.of("type", "A", "name", "a b/*.example.com.")))
                .isEqualTo("name=a%20b%2F%2A.example.com.&type=A");
    }
}
