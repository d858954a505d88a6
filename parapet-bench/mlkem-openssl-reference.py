#!/usr/bin/env python3
"""Native reference for ML-KEM: OpenSSL's implementation through pyca/cryptography (>= 47, whose wheels bundle an
OpenSSL with ML-KEM; OpenSSL 3.0's `openssl speed` has none). Process CPU microseconds per operation, best of five
rounds, the same measure as dev.parapet.bench.MlKemCpuTime. Includes the Python call and object overhead."""
import sys
import time

from cryptography.hazmat.backends.openssl.backend import backend
from cryptography.hazmat.primitives.asymmetric import mlkem

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def cpu_micros(op, n):
    start = time.process_time()
    for _ in range(n):
        op()
    return (time.process_time() - start) / n * 1e6


def row(name, op):
    cpu_micros(op, N // 4)
    print(f"| {name} | {min(cpu_micros(op, N) for _ in range(5)):.1f} |")


print(f"| operation | {backend.openssl_version_text()} |")
print("| --- | --- |")
for label, private in (("ML-KEM-768", mlkem.MLKEM768PrivateKey), ("ML-KEM-1024", mlkem.MLKEM1024PrivateKey)):
    key = private.generate()
    public = key.public_key()
    secret, ciphertext = public.encapsulate()
    assert key.decapsulate(ciphertext) == secret
    row(label + " keygen", private.generate)
    row(label + " encaps", public.encapsulate)
    row(label + " decaps", lambda: key.decapsulate(ciphertext))
row("empty Python call", lambda: None)
