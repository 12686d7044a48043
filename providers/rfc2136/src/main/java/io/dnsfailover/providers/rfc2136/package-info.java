/**
 * The {@code rfc2136} adapter: reads a zone with DNS queries and writes it with RFC 2136 dynamic updates,
 * TSIG-signed when a key is configured. Only {@link io.dnsfailover.providers.rfc2136.Rfc2136ProviderFactory}
 * is public; the provider, the client (sending, signing, classifying failures) and the wire mapping are
 * package-private.
 */
package io.dnsfailover.providers.rfc2136;
