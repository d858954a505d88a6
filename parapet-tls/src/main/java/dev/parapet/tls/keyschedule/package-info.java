/** HKDF (RFC 5869) and the TLS 1.3 key schedule (RFC 8446, 7), checked against RFC 8448. */
package dev.parapet.tls.keyschedule;
