/**
 * The {@code powerdns} provider type: PowerDNS Authoritative through its HTTP API. Only
 * {@link io.dnsfailover.providers.powerdns.PowerDnsProviderFactory} is public; the controller finds it
 * with {@link java.util.ServiceLoader}.
 */
package io.dnsfailover.providers.powerdns;
