package dev.preflight.core.task;

/** Receives progress of a long operation. Called from the worker thread. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, done, total) -> { };

    /**
     * @param phase what is being done, for people
     * @param done  units done so far
     * @param total total units, or -1 when unknown
     */
    void progress(String phase, long done, long total);
}
