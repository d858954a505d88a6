package dev.parapet.tls.x509;

import dev.parapet.tls.AlertDescription;
import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Builds certification paths from a leaf to a trust anchor (RFC 4158 in spirit): the peer's other certificates
 * form an unordered pool; candidates for a certificate's issuer are those whose subject Name has the same DER as
 * its issuer Name, tried with matching key identifiers first (authorityKeyIdentifier = subjectKeyIdentifier), then
 * those without, then mismatching ones. Trust anchors are tried before pool certificates at every step, so a sent
 * root or a cross-signed copy of a trusted CA ends the path at the anchor.
 *
 * <p>The search is depth-first with backtracking: a candidate whose signature does not verify, or a complete path
 * that {@link PathValidator} refuses (an expired intermediate, a CA that breaks a constraint), leads to the next
 * alternative. It is bounded: at most {@code maxDepth} certificates below the anchor and at most
 * {@code maxSignatureChecks} signature verifications in all, so hostile input (hundreds of certificates with the
 * same name) is refused after a bounded amount of work.
 *
 * <p>When no path is valid, the error reported is the most telling one met: a validation failure on a complete
 * path, else a signature that a named issuer's key does not verify, else the first unknown issuer.
 */
final class PathBuilder {
    /** Checks a complete path (leaf first, the anchor not included). */
    interface Validator {
        void validate(List<Certificate> path, TrustAnchors.Anchor anchor) throws VerificationException;
    }

    private final TrustAnchors anchors;
    private final int maxDepth;
    private final int maxSignatureChecks;
    /** Checks the signatures (Parapet's own ECDSA P-256 and Ed25519 under the default provider). */
    private final dev.parapet.tls.crypto.CryptoProvider crypto;
    private final AnchorVerifiers anchorVerifiers;
    private final VerifiedSignatures verified;
    private final String peer;

    private List<Certificate> pool;
    private Validator validator;
    private int signatureChecks;
    private final Map<Certificate, Map<ByteBuffer, Boolean>> signatureCache = new IdentityHashMap<>();
    private VerificationException best;
    private int bestRank;

    /**
     * @param peer "server" or "client", for messages ("not sent by the server")
     */
    PathBuilder(TrustAnchors anchors, int maxDepth, int maxSignatureChecks, String peer) {
        this(anchors, maxDepth, maxSignatureChecks, peer, dev.parapet.tls.crypto.CryptoProvider.parapet());
    }

    PathBuilder(TrustAnchors anchors, int maxDepth, int maxSignatureChecks, String peer,
                dev.parapet.tls.crypto.CryptoProvider crypto) {
        this(anchors, maxDepth, maxSignatureChecks, peer, crypto, new AnchorVerifiers(crypto),
                new VerifiedSignatures(0));
    }

    /**
     * @param anchorVerifiers the anchors' kept verifiers, shared by every path built for one configuration
     * @param verified        the signatures found valid before, shared the same way
     */
    PathBuilder(TrustAnchors anchors, int maxDepth, int maxSignatureChecks, String peer,
                dev.parapet.tls.crypto.CryptoProvider crypto, AnchorVerifiers anchorVerifiers,
                VerifiedSignatures verified) {
        this.crypto = crypto;
        this.anchorVerifiers = anchorVerifiers;
        this.verified = verified;
        this.anchors = anchors;
        this.maxDepth = maxDepth;
        this.maxSignatureChecks = maxSignatureChecks;
        this.peer = peer;
    }

    /** Signature checks done so far (for tests and tracing). */
    int signatureChecks() {
        return signatureChecks;
    }

    /** A validated path, leaf first, ending with the certificate the returned anchor signed. */
    record Result(List<Certificate> path, TrustAnchors.Anchor anchor) {
    }

    Result build(Certificate leaf, List<Certificate> others, Validator validator) throws VerificationException {
        this.pool = others;
        this.validator = validator;
        List<Certificate> path = new ArrayList<>();
        path.add(leaf);
        Result result = search(path);
        if (result != null) {
            return result;
        }
        if (best != null) {
            throw best;
        }
        throw new VerificationException(AlertDescription.UNKNOWN_CA, "no path from '" + leaf.displayName()
                + "' to a trust anchor");
    }

    private Result search(List<Certificate> path) throws VerificationException {
        Certificate current = path.get(path.size() - 1);
        byte[] issuer = current.issuerDer();
        List<TrustAnchors.Anchor> namedAnchors = anchors.anchorsWithSubject(issuer);
        for (TrustAnchors.Anchor anchor : sortAnchors(current, namedAnchors)) {
            if (!signedByAnchor(current, anchor)) {
                record(2, VerificationException.bad("certificate '" + current.displayName() + "' names the trusted "
                        + "CA '" + anchor.displayName() + "' as its issuer, but that CA's key does not verify its "
                        + "signature"));
                continue;
            }
            try {
                validator.validate(List.copyOf(path), anchor);
                return new Result(List.copyOf(path), anchor);
            } catch (VerificationException e) {
                record(3, e);
            }
        }
        List<Certificate> candidates = candidates(current, path);
        if (!candidates.isEmpty() && path.size() >= maxDepth) {
            record(1, VerificationException.bad("no path from '" + path.get(0).displayName() + "' to a trust anchor "
                    + "within " + maxDepth + " certificates"));
            return null;
        }
        for (Certificate candidate : candidates) {
            if (!signedBy(current, candidate.publicKey(), candidate.spki())) {
                record(2, VerificationException.bad("certificate '" + current.displayName() + "' is not signed by "
                        + "the key of '" + candidate.displayName() + "', the issuer the " + peer + " sent"));
                continue;
            }
            path.add(candidate);
            Result result = search(path);
            path.remove(path.size() - 1);
            if (result != null) {
                return result;
            }
        }
        if (namedAnchors.isEmpty() && candidates.isEmpty()) {
            record(1, unknownIssuer(current));
        }
        return null;
    }

    private VerificationException unknownIssuer(Certificate current) {
        String among = anchors.isEmpty() ? "there are no trust anchors (" + anchors.source() + ")"
                : "not among " + anchors.size() + " trust anchors";
        if (current.selfIssued()) {
            return new VerificationException(AlertDescription.UNKNOWN_CA, "certificate '" + current.displayName()
                    + "' is self-signed and " + (anchors.isEmpty() ? among : among.replace("not among", "not one of")));
        }
        return new VerificationException(AlertDescription.UNKNOWN_CA, "unknown issuer '"
                + Names.describe(current.issuerDer()) + "': " + among + " and not sent by the " + peer);
    }

    private void record(int rank, VerificationException e) {
        if (rank > bestRank) {
            bestRank = rank;
            best = e;
        }
    }

    private boolean signedBy(Certificate cert, PublicKey key, byte[] spki) throws VerificationException {
        return signedBy(cert, spki, () -> cert.isSignedBy(key, crypto));
    }

    /** An anchor's signature, checked through the verifier kept for its key (precomputed once per config). */
    private boolean signedByAnchor(Certificate cert, TrustAnchors.Anchor anchor) throws VerificationException {
        return signedBy(cert, anchor.spki(), () -> cert.isSignedBy(anchor, anchorVerifiers));
    }

    private boolean signedBy(Certificate cert, byte[] spki, BooleanSupplier check) throws VerificationException {
        Map<ByteBuffer, Boolean> byKey = signatureCache.computeIfAbsent(cert, k -> new HashMap<>());
        Boolean cached = byKey.get(ByteBuffer.wrap(spki));
        if (cached != null) {
            return cached;
        }
        VerifiedSignatures.Digest digest = verified.enabled() ? VerifiedSignatures.digest(spki, cert.der()) : null;
        if (digest != null && verified.contains(digest)) {
            byKey.put(ByteBuffer.wrap(spki), Boolean.TRUE);
            return true; // checked valid before, by this configuration: not a signature check, not counted
        }
        if (++signatureChecks > maxSignatureChecks) {
            throw VerificationException.bad("gave up building a certificate path after " + maxSignatureChecks
                    + " signature checks (" + (pool.size() + 1) + " certificates sent; too many candidate issuers "
                    + "named '" + Names.describe(cert.issuerDer()) + "')");
        }
        boolean ok = check.getAsBoolean();
        byKey.put(ByteBuffer.wrap(spki), ok);
        if (ok && digest != null) {
            verified.add(digest);
        }
        return ok;
    }

    /** Pool certificates named as {@code current}'s issuer, not already on the path, not themselves anchors. */
    private List<Certificate> candidates(Certificate current, List<Certificate> path) {
        List<Certificate> matching = new ArrayList<>();
        List<Certificate> unknown = new ArrayList<>();
        List<Certificate> mismatching = new ArrayList<>();
        byte[] aki = current.authorityKeyIdRaw();
        for (Certificate candidate : pool) {
            if (!Arrays.equals(candidate.subjectDer(), current.issuerDer()) || onPath(candidate, path)
                    || isAnchor(candidate)) {
                continue;
            }
            byte[] ski = candidate.subjectKeyIdRaw();
            if (aki == null || ski == null) {
                unknown.add(candidate);
            } else if (Arrays.equals(aki, ski)) {
                matching.add(candidate);
            } else {
                mismatching.add(candidate);
            }
        }
        matching.addAll(unknown);
        matching.addAll(mismatching);
        return matching;
    }

    private static List<TrustAnchors.Anchor> sortAnchors(Certificate current, List<TrustAnchors.Anchor> named) {
        byte[] aki = current.authorityKeyIdRaw();
        if (aki == null || named.size() < 2) {
            return named;
        }
        List<TrustAnchors.Anchor> out = new ArrayList<>();
        List<TrustAnchors.Anchor> rest = new ArrayList<>();
        for (TrustAnchors.Anchor anchor : named) {
            (Arrays.equals(aki, anchor.subjectKeyId()) ? out : rest).add(anchor);
        }
        out.addAll(rest);
        return out;
    }

    // The same subject and key already on the path would make a loop (or a longer path to the same place).
    private static boolean onPath(Certificate candidate, List<Certificate> path) {
        for (Certificate c : path) {
            if (Arrays.equals(c.subjectDer(), candidate.subjectDer())
                    && Arrays.equals(c.spki(), candidate.spki())) {
                return true;
            }
        }
        return false;
    }

    private boolean isAnchor(Certificate candidate) {
        for (TrustAnchors.Anchor anchor : anchors.anchorsWithSubject(candidate.subjectDer())) {
            if (Arrays.equals(anchor.spki(), candidate.spki())) {
                return true;
            }
        }
        return false;
    }
}
