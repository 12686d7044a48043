/**
 * The DNS model shared by the controller and every provider adapter: record types and the one place
 * where names are normalised. The provider SPI itself (read, apply, capabilities) lives here too.
 */
package io.dnsfailover.providers;
