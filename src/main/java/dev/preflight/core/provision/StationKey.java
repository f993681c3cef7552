package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.edit.BackupStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This station's Ed25519 signing key: one PEM file holding the private key (PKCS#8) and its public
 * key, created on first use in the data folder's {@code keys} folder (folder 0700, file 0600 where
 * the file system is POSIX). Creation is atomic (temporary file, fsync, rename) and locked, so two
 * processes starting at once end up with the same key.
 */
public final class StationKey {
    static final String FILE = "station-ed25519.pem";
    private static final String PRIVATE = "PRIVATE KEY";
    private static final Map<Path, StationKey> LOADED = new ConcurrentHashMap<>();

    private final Path file;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;
    private final String station;

    private StationKey(Path file, PrivateKey privateKey, PublicKey publicKey) {
        this.file = file;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = Signatures.keyId(publicKey);
        this.station = EditJournal.host();
    }

    public static Path defaultDir() {
        return BackupStore.dataDir().resolve("keys");
    }

    /** The station's key from the data folder, created if there is none yet. */
    public static StationKey ofThisStation() throws IOException {
        return in(defaultDir());
    }

    /** The key kept in {@code dir}, created if there is none yet. */
    public static StationKey in(Path dir) throws IOException {
        Path f = dir.resolve(FILE).toAbsolutePath().normalize();
        StationKey k = LOADED.get(f);
        if (k != null && Files.exists(f)) {
            return k;
        }
        synchronized (StationKey.class) {
            k = loadOrCreate(f);
        }
        LOADED.put(f, k);
        return k;
    }

    /** The public key kept in {@code dir}, or null when this station has no key yet (never creates one). */
    public static PublicKey existingPublicKey(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        return Files.exists(f) ? load(f).publicKey : null;
    }

    public Path file() {
        return file;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The station's name in signed statements: its host name. */
    public String station() {
        return station;
    }

    /** The public key as PEM, after a comment line naming the station and key id. */
    public String publicPem() {
        return "# Preflight station " + station + ", key id " + keyId + "\n"
                + Signatures.pem(Signatures.PUBLIC, publicKey.getEncoded());
    }

    /** Adds "signature": Ed25519 over the statement's canonical JSON; returns the statement. */
    ObjectNode sign(ObjectNode statement) {
        statement.remove("signature");
        try {
            Signature s = Signature.getInstance(Signatures.ALGORITHM);
            s.initSign(privateKey);
            s.update(Signatures.signedBytes(statement));
            return statement.put("signature", Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private static StationKey loadOrCreate(Path f) throws IOException {
        Path dir = f.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(dir);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            if (Files.exists(f)) {
                return load(f);
            }
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            KeyPair pair;
            try {
                pair = KeyPairGenerator.getInstance(Signatures.ALGORITHM).generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this Java has no Ed25519", e);
            }
            String text = "# Preflight station signing key (Ed25519). Keep it private: hand out 'preflight log key'.\n"
                    + Signatures.pem(PRIVATE, pair.getPrivate().getEncoded())
                    + Signatures.pem(Signatures.PUBLIC, pair.getPublic().getEncoded());
            FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
            AtomicFiles.write(f, text.getBytes(StandardCharsets.US_ASCII), attrs);
            return new StationKey(f, pair.getPrivate(), pair.getPublic());
        }
    }

    private static StationKey load(Path f) throws IOException {
        String text = Files.readString(f, StandardCharsets.US_ASCII);
        byte[] priv = Signatures.fromPem(text, PRIVATE);
        byte[] pub = Signatures.fromPem(text, Signatures.PUBLIC);
        try {
            if (priv != null && pub != null) {
                return new StationKey(f, KeyFactory.getInstance(Signatures.ALGORITHM).generatePrivate(
                        new PKCS8EncodedKeySpec(priv)), Signatures.publicKey(pub));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("the station key " + f + " is damaged (" + e.getMessage() + ")", e);
        }
        throw new IOException("the station key " + f + " is damaged (no Ed25519 key in it)");
    }
}
