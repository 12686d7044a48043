/**
 * The {@code cloudflare} provider type: DNS records of a Cloudflare zone through the API v4 with an API
 * token. Only {@link io.dnsfailover.providers.cloudflare.CloudflareProviderFactory} is public; the
 * controller finds it with {@link java.util.ServiceLoader}.
 */
package io.dnsfailover.providers.cloudflare;
