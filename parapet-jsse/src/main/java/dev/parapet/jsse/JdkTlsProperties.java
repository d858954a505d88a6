package dev.parapet.jsse;

import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard JSSE system properties Parapet honours, read once when an SSLContext is initialised (as SunJSSE reads
 * them once), never on a handshake: SSLParameters in JDK 17 has no API for named groups or signature schemes, so
 * {@code jdk.tls.namedGroups} and {@code jdk.tls.client.SignatureSchemes} / {@code jdk.tls.server.SignatureSchemes}
 * set them when present. Names Parapet does not implement are skipped; an empty list means "not set".
 */
record JdkTlsProperties(List<NamedGroup> namedGroups, List<SignatureScheme> clientSchemes,
                        List<SignatureScheme> serverSchemes) {

    static JdkTlsProperties read() {
        return new JdkTlsProperties(readNamedGroups(), schemes("jdk.tls.client.SignatureSchemes"),
                schemes("jdk.tls.server.SignatureSchemes"));
    }

    private static List<NamedGroup> readNamedGroups() {
        List<NamedGroup> out = new ArrayList<>();
        for (String name : property("jdk.tls.namedGroups")) {
            NamedGroup g = NamedGroup.fromName(name);
            if (g != null && !out.contains(g)) {
                out.add(g);
            }
        }
        return List.copyOf(out);
    }

    private static List<SignatureScheme> schemes(String propertyName) {
        List<SignatureScheme> out = new ArrayList<>();
        for (String name : property(propertyName)) {
            SignatureScheme s = SignatureScheme.fromName(name);
            if (s != null && !out.contains(s)) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            return List.of();
        }
        value = value.trim();
        if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }
}
