/**
 * The record layer (RFC 8446, 5): framing, size limits, and record protection. Incoming protected records are opened
 * into one reused buffer; outgoing ones are sealed from the caller's buffer straight into the output buffer, with
 * one JCA Cipher per direction for the life of the connection.
 */
package dev.parapet.tls.record;
