/**
 * The core of one connection: {@link dev.parapet.tls.engine.Engine} routes records (handshake messages to the
 * current {@link dev.parapet.tls.engine.State}, alerts, application data) and turns every failure into one alert
 * and one exception; {@link dev.parapet.tls.engine.HandshakeContext} is what the states of one handshake share.
 */
package dev.parapet.tls.engine;
