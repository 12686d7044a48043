/**
 * The {@code constellix} provider type: Constellix DNS through its REST API v4. Only
 * {@link io.dnsfailover.providers.constellix.ConstellixProviderFactory} is public; the controller finds it
 * with {@link java.util.ServiceLoader}.
 */
package io.dnsfailover.providers.constellix;
