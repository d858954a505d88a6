/**
 * ML-KEM-768 and ML-KEM-1024 (FIPS 203) in pure Java: {@link dev.parapet.tls.crypto.mlkem.MlKem} is the API;
 * the other classes follow the standard's sections (K-PKE, the NTT, sampling, encodings).
 */
package dev.parapet.tls.crypto.mlkem;
