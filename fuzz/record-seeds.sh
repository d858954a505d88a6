#!/usr/bin/env bash
# Re-records the seed corpus of the fuzz targets: handshakes between OpenSSL (s_server / s_client on 127.0.0.1) and
# the deterministic Parapet endpoints of dev.parapet.tls.fuzz.FuzzPki, plus the certificate, key and record seeds.
# Overwrites the seeds in parapet-tls/src/test/resources/dev/parapet/tls/fuzz/; needs openssl on the PATH.
set -euo pipefail
cd "$(dirname "$0")/../parapet-tls"
../mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz-classpath.txt \
    -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)" dev.parapet.tls.fuzz.SeedRecorder .
