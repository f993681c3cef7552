package dev.preflight.core.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** A decompressed stream that can be restarted, and perhaps sought, by {@link StreamingByteSource}. */
interface Rewindable extends Closeable {

    /**
     * Returns a stream positioned at or before {@code position}. The default implementation of
     * streams that cannot seek restarts at 0.
     */
    InputStream streamAt(long position) throws IOException;

    /** Where the stream returned by the last {@link #streamAt} call starts. */
    long streamStart();

    /** Uncompressed size when the container records it, else -1. */
    long knownSize();

    /** Whether {@link #streamAt} really seeks (so far reads are cheap). */
    boolean seekable();

    /**
     * Whether the current stream's decoder has read its compressed input to the end: a decoder
     * failing then ran out of data (the file was cut short) rather than met bad data.
     */
    default boolean inputEnded() {
        return false;
    }

    /** What the container's structure shows is wrong before anything is decoded (cut short), or null. */
    default String damage() {
        return null;
    }

    /** Heap the decoder needs (its dictionary and tables), in bytes. */
    default long memory() {
        return 0;
    }
}
