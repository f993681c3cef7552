package dev.preflight.core.image;

/** Container formats recognised by their magic bytes, never by file name alone. */
public enum Compression {
    NONE(""), GZIP("gzip"), XZ("xz"), BZIP2("bzip2"), ZSTD("zstd"), ZIP("zip");

    private final String word;

    Compression(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** Recognises a container from the first bytes of a file (at least 6 wanted). */
    public static Compression sniff(byte[] head, int len) {
        if (len >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (len >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            return XZ;
        }
        if (len >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') {
            return BZIP2;
        }
        if (len >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (len >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return ZIP;
        }
        return NONE;
    }
}
