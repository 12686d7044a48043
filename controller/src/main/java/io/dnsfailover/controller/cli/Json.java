package io.dnsfailover.controller.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The commands' JSON output mapper, made on first use: starting an ObjectMapper costs a cold JVM about 0.2 s, which
 * text output need not pay.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
