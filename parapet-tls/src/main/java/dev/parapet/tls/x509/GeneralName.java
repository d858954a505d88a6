package dev.parapet.tls.x509;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One GeneralName (RFC 5280, 4.2.1.6) as found in subjectAltName, nameConstraints and authorityInfoAccess.
 *
 * @param type  the CHOICE tag number: {@link #RFC822_NAME}, {@link #DNS_NAME}, {@link #DIRECTORY_NAME},
 *              {@link #URI}, {@link #IP_ADDRESS}, or another (kept, not interpreted)
 * @param value the contents: ASCII bytes for the IA5String forms, the Name's DER for directoryName, the address
 *              (and, in nameConstraints, the mask) for iPAddress, the raw contents otherwise
 */
public record GeneralName(int type, byte[] value) {
    public static final int OTHER_NAME = 0;
    public static final int RFC822_NAME = 1;
    public static final int DNS_NAME = 2;
    public static final int X400_ADDRESS = 3;
    public static final int DIRECTORY_NAME = 4;
    public static final int EDI_PARTY_NAME = 5;
    public static final int URI = 6;
    public static final int IP_ADDRESS = 7;
    public static final int REGISTERED_ID = 8;

    public GeneralName {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    byte[] raw() {
        return value;
    }

    /** The IA5String forms as text (ASCII checked at parse time). */
    public String text() {
        return new String(value, StandardCharsets.US_ASCII);
    }

    /** A readable form for messages: {@code example.com}, {@code 192.0.2.1}, {@code email:a@b}, {@code DN:CN=x}. */
    @Override
    public String toString() {
        switch (type) {
            case DNS_NAME:
                return text();
            case RFC822_NAME:
                return "email:" + text();
            case URI:
                return "URI:" + text();
            case IP_ADDRESS:
                return formatIp(value);
            case DIRECTORY_NAME:
                return "DN:" + Names.format(value);
            default:
                return "name type " + type;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GeneralName && ((GeneralName) other).type == type
                && Arrays.equals(((GeneralName) other).value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    /** An address (4 or 16 bytes) or, in name constraints, an address and a mask (8 or 32 bytes). */
    static String formatIp(byte[] bytes) {
        if (bytes.length == 8 || bytes.length == 32) {
            int half = bytes.length / 2;
            return formatIp(Arrays.copyOf(bytes, half)) + "/" + formatIp(Arrays.copyOfRange(bytes, half,
                    bytes.length));
        }
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        if (bytes.length == 16) {
            // RFC 5952: lower case, the longest run (of two or more) of zero groups as "::".
            int[] groups = new int[8];
            for (int i = 0; i < 8; i++) {
                groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
            }
            int bestStart = -1;
            int bestLength = 1;
            for (int i = 0; i < 8; ) {
                if (groups[i] != 0) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
            List<String> parts = new ArrayList<>();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    out.append(i == 0 ? "::" : ":");
                    i += bestLength - 1;
                    continue;
                }
                out.append(Integer.toHexString(groups[i]));
                if (i < 7) {
                    out.append(':');
                }
            }
            parts.add(out.toString());
            return parts.get(0);
        }
        return "invalid address of " + bytes.length + " bytes";
    }
}
