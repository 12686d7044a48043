/**
 * The contract suite every provider adapter passes, run against a real server or a stateful fake of
 * the provider's API (DESIGN §9). It is written together with the provider SPI.
 */
package io.dnsfailover.providers.testkit;
