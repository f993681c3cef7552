package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.bytes.Sha256;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.secret.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The public side of the log's signatures: Ed25519 (RFC 8032) over the canonical JSON of a
 * statement (keys sorted, compact, UTF-8), key ids, and public keys as PEM (RFC 7468,
 * SubjectPublicKeyInfo), the form {@code openssl pkey -pubin} reads.
 */
public final class Signatures {
    static final String ALGORITHM = "Ed25519";
    static final String PUBLIC = "PUBLIC KEY";

    private Signatures() {
    }

    /** The bytes a signature covers: the statement's canonical JSON without its "signature" field. */
    static byte[] signedBytes(ObjectNode statement) {
        return canonical(statement, Set.of("signature"));
    }

    /** Canonical JSON: object keys sorted, compact, UTF-8. */
    static byte[] canonical(JsonNode body) {
        return CanonicalJson.bytes(body);
    }

    /** Canonical JSON without the top-level fields in {@code skip} ({@link CanonicalJson}). */
    static byte[] canonical(JsonNode body, Set<String> skip) {
        return CanonicalJson.bytes(body, skip);
    }

    /** Whether {@code signatureBase64} is {@code key}'s signature of {@code statement}; false for malformed input. */
    static boolean verifies(ObjectNode statement, String signatureBase64, PublicKey key) {
        if (signatureBase64 == null || key == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(signedBytes(statement));
            return s.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The first 16 hex digits of the SHA-256 of the key's SubjectPublicKeyInfo: short enough to read out. */
    public static String keyId(PublicKey key) {
        return sha256(key.getEncoded()).substring(0, 16);
    }

    static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The DER inside the first PEM block of {@code type} in {@code text}, or null. */
    static byte[] fromPem(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = b < 0 ? -1 : text.indexOf(end, b);
        if (e < 0) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException x) {
            return null;
        }
    }

    static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    }

    /** Reads a station's public key as written by {@code preflight log key}: unreadable input is exit 2. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        byte[] der = fromPem(text, PUBLIC);
        try {
            if (der != null) {
                return publicKey(der);
            }
        } catch (GeneralSecurityException e) {
            // reported below
        }
        throw new PreflightException(ErrorCode.UNREADABLE_INPUT, file + " is not a station's public key (an Ed25519"
                + " PUBLIC KEY block).", "Ask the station for the file 'preflight log key --out station.pub' writes.",
                null);
    }
}
