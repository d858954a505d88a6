package dev.parapet.tls.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Ticket keys from a file an operator rotates, shared by the servers of a fleet. One key a line, 32 random bytes as
 * hex or base64 (e.g. {@code openssl rand -hex 32}); the first line seals, the others still open; blank lines and
 * lines starting with {@code #} are skipped. The file is read again when its modification time or size changes
 * (checked at most once a second); a file that no longer parses keeps the keys last read.
 */
public final class FileTicketKeys implements TicketKeys {
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;
    private final Path file;
    private List<TicketKey> keys;
    private FileTime modified;
    private long size;
    private long checkedAt;

    FileTicketKeys(Path file) {
        this.file = file;
        try {
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ticket keys from " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        FileTime m = Files.getLastModifiedTime(file);
        long s = Files.size(file);
        List<TicketKey> parsed = parse(Files.readAllLines(file, StandardCharsets.US_ASCII));
        keys = parsed;
        modified = m;
        size = s;
        checkedAt = System.nanoTime();
    }

    private List<TicketKey> parse(List<String> lines) throws IOException {
        List<TicketKey> out = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            byte[] secret;
            try {
                secret = t.length() == 2 * TicketKey.SECRET_LENGTH ? HexFormat.of().parseHex(t)
                        : Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                throw new IOException("line " + n + " is neither hex nor base64");
            }
            if (secret.length != TicketKey.SECRET_LENGTH) {
                throw new IOException("line " + n + " holds " + secret.length + " bytes, not "
                        + TicketKey.SECRET_LENGTH);
            }
            out.add(new TicketKey(secret));
        }
        if (out.isEmpty()) {
            throw new IOException("no key in the file");
        }
        return List.copyOf(out);
    }

    /** Reloads when the file changed; a failed reload keeps the current keys. */
    private synchronized List<TicketKey> keys() {
        long now = System.nanoTime();
        if (now - checkedAt >= CHECK_INTERVAL_NANOS) {
            checkedAt = now;
            try {
                if (!Files.getLastModifiedTime(file).equals(modified) || Files.size(file) != size) {
                    load();
                }
            } catch (IOException | RuntimeException e) {
                // keep serving with the keys we have; the operator's next write is read again
            }
        }
        return keys;
    }

    /** Reads the file now, whatever its time stamp says. */
    public synchronized void reload() {
        try {
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ticket keys from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TicketKey current() {
        return keys().get(0);
    }

    @Override
    public TicketKey find(byte[] id) {
        for (TicketKey k : keys()) {
            if (k.hasId(id)) {
                return k;
            }
        }
        return null;
    }
}
