/**
 * The {@code dnsmadeeasy} provider type: a DNS Made Easy account through its REST API v2.0. Only
 * {@link io.dnsfailover.providers.dnsmadeeasy.DnsMadeEasyProviderFactory} is public; the controller finds
 * it with {@link java.util.ServiceLoader}.
 */
package io.dnsfailover.providers.dnsmadeeasy;
