/**
 * The {@code route53} provider type: Amazon Route 53 through its REST/XML API (version 2013-04-01), signed
 * with AWS Signature Version 4. Only {@link io.dnsfailover.providers.route53.Route53ProviderFactory} is
 * public; the controller finds it with {@link java.util.ServiceLoader}.
 */
package io.dnsfailover.providers.route53;
