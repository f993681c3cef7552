package dev.preflight.core.provision;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.ByteArrayOutputStream;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
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
        return canonical(body, Set.of());
    }

    /**
     * Canonical JSON without the top-level fields in {@code skip}: the same bytes as Jackson writing the
     * tree as plain maps with ORDER_MAP_ENTRIES_BY_KEYS (how the log hashed records before it was signed,
     * so old records keep their hashes), written straight from the tree.
     */
    static byte[] canonical(JsonNode body, Set<String> skip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = ProvisioningLog.JSON.getFactory().createGenerator(out)) {
            write(g, body, skip);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode n, Set<String> skip) throws IOException {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            g.writeStartObject();
            for (String name : names) {
                if (!skip.contains(name)) {
                    g.writeFieldName(name);
                    write(g, n.get(name), Set.of());
                }
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode e : n) {
                write(g, e, Set.of());
            }
            g.writeEndArray();
        } else if (n.isNull()) {
            g.writeNull();
        } else if (n.isTextual()) {
            g.writeString(n.textValue());
        } else if (n.isNumber() || n.isBoolean()) {
            ((ValueNode) n).serialize(g, null); // numbers exactly as Jackson writes Integer, Long, Double...
        } else {
            ProvisioningLog.JSON.writeTree(g, n); // binary or POJO values: never in a record, but written the same
        }
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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
