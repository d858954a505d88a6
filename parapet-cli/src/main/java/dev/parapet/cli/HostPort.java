package dev.parapet.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code HOST:PORT} as typed: {@code example.com:443}, {@code 127.0.0.1:8443}, {@code [::1]:443}; the port defaults to 443. */
record HostPort(String host, int port) {
    static final int DEFAULT_PORT = 443;

    static HostPort parse(String s) {
        String text = s.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty HOST:PORT");
        }
        String host;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in '" + s + "'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':PORT' after ']' in '" + s + "'");
                }
                portText = rest.substring(1);
            }
            if (!host.contains(":")) {
                throw new IllegalArgumentException("brackets are for IPv6 addresses: '" + s + "'");
            }
        } else {
            int first = text.indexOf(':');
            if (first >= 0 && first != text.lastIndexOf(':')) {
                throw new IllegalArgumentException("put an IPv6 address in brackets, e.g. [::1]:443 (got '" + s + "')");
            }
            if (first >= 0) {
                host = text.substring(0, first);
                portText = text.substring(first + 1);
            } else {
                host = text;
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host in '" + s + "'");
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port '" + portText + "' in '" + s + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range 1..65535: " + port);
            }
        }
        return new HostPort(host, port);
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    static String format(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return format(host, port);
    }

    /** For picocli: a bad value is a usage error (exit 2). */
    static final class Converter implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
