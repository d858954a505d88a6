#!/usr/bin/env python3
"""Where a JFR recording's CPU samples go: by primitive and by Parapet handshake step.

Usage: jfr-breakdown.py recording.jfr [JFR_TOOL]
Reads jdk.ExecutionSample stacks (`jfr print --stack-depth 96`). Each sample goes to the first category of the list
below that matches any frame of its stack (primitives first), so a signature check inside chain validation counts
as the signature, and only what is left counts as the chain check itself.
"""
import collections, re, subprocess, sys

PRIMITIVES = [
    # Parapet's own primitives (CryptoProvider.parapet(), the default)
    ("ECDSA P-256 verify, anchor's precomputed key (Parapet)", ["dev.parapet.tls.crypto.p256.KeyTable"]),
    ("ECDSA P-256 verify, plain (Parapet)", ["dev.parapet.tls.crypto.p256.VerifyMult", "dev.parapet.tls.crypto.p256.P256.verify"]),
    ("ECDSA P-256 sign (Parapet)", ["dev.parapet.tls.crypto.p256.P256.sign"]),
    ("P-256 other (Parapet: key decoding, tables)", ["dev.parapet.tls.crypto.p256."]),
    ("X25519 agreement (Parapet)", ["dev.parapet.tls.crypto.curve25519.X25519.sharedSecret"]),
    ("X25519 key generation (Parapet)", ["dev.parapet.tls.crypto.curve25519.X25519.publicKey"]),
    ("Curve25519 other (Parapet)", ["dev.parapet.tls.crypto.curve25519."]),
    # the JDK's (CryptoProvider.jca(), SunJSSE)
    ("X25519 (keygen + agreement)", ["sun.security.ec.XDH", "sun.security.ec.XECOperations", "sun.security.ec.XECParameters"]),
    ("ECDSA P-256 sign", ["ECDSASignature.engineSign", "ECDSAOperations.sign", "ECDSASignature.signDigestImpl"]),
    ("ECDSA P-256 verify", ["ECDSASignature.engineVerify", "ECDSAOperations.verify", "ECDSASignature.verifySignedDigest"]),
    ("EC other (key gen, point ops)", ["sun.security.ec."]),
    ("RSA private (sign)", ["RSACore.crtCrypt", "RSAPSSSignature.engineSign", "RSASignature.engineSign"]),
    ("RSA public (verify)", ["RSACore.crypt", "RSAPSSSignature.engineVerify", "RSASignature.engineVerify"]),
    ("RSA other", ["sun.security.rsa."]),
    ("certificate parsing (DER)", ["dev.parapet.tls.x509.Der", "dev.parapet.tls.x509.Certificate.", "sun.security.x509.", "sun.security.util.DerValue", "sun.security.util.DerInputStream", "java.security.cert.CertificateFactory", "sun.security.provider.X509Factory"]),
    ("certificate path validation", ["dev.parapet.tls.x509.", "sun.security.provider.certpath", "sun.security.validator"]),
    ("HKDF / key schedule (HMAC)", ["dev.parapet.tls.keyschedule.", "javax.crypto.Mac", "com.sun.crypto.provider.HmacCore"]),
    ("transcript hash", ["dev.parapet.tls.handshake.TranscriptHash"]),
    ("hashing (other)", ["sun.security.provider.SHA", "sun.security.provider.DigestBase", "java.security.MessageDigest"]),
    ("record protection (AES-GCM)", ["com.sun.crypto.provider.GaloisCounterMode", "com.sun.crypto.provider.AESCrypt", "javax.crypto.Cipher", "dev.parapet.tls.record."]),
    ("key generation / SecureRandom", ["sun.security.provider.NativePRNG", "sun.security.provider.DRBG", "java.security.SecureRandom", "KeyPairGenerator"]),
    ("JCA lookup (getInstance, providers)", ["java.security.Provider", "sun.security.jca.", "javax.crypto.JceSecurity", "java.security.Signature.getInstance", "javax.crypto.Cipher.getInstance"]),
    ("handshake messages (encode/decode)", ["dev.parapet.tls.handshake."]),
    ("big-integer arithmetic", ["java.math.BigInteger", "java.math.MutableBigInteger"]),
    ("Parapet engine/state machine", ["dev.parapet.tls."]),
    ("benchmark harness / JMH", ["dev.parapet.bench.", "org.openjdk.jmh."]),
]

def samples(path, tool):
    out = subprocess.run([tool, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                         capture_output=True, text=True, check=True).stdout
    for block in out.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(", block, re.M)
        if frames:
            yield frames

def main():
    path = sys.argv[1]
    tool = sys.argv[2] if len(sys.argv) > 2 else "jfr"
    prim = collections.Counter()
    step = collections.Counter()
    total = 0
    for frames in samples(path, tool):
        total += 1
        best = next((name for name, pats in PRIMITIVES if any(p in f for f in frames for p in pats)),
                    "other (JDK, GC, ...)")
        prim[best] += 1
        s = next((f for f in frames if re.match(r"dev\.parapet\.tls\.(client|server)\.", f)), None)
        if s is None:
            s = next((f for f in frames if f.startswith("dev.parapet.tls.")), "outside Parapet's handshake")
        step[s.rsplit(".", 1)[0] if s.startswith("dev.parapet") else s] += 1
    print(f"{total} execution samples")
    print("\n| by primitive or step (first matching category) | share |\n| --- | ---: |")
    for k, v in prim.most_common():
        print(f"| {k} | {100.0 * v / total:.1f}% |")
    print("\n| by Parapet step (innermost client/server state class on the stack) | share |\n| --- | ---: |")
    for k, v in step.most_common(15):
        print(f"| {k} | {100.0 * v / total:.1f}% |")

if __name__ == "__main__":
    main()
