package dev.preflight.core.inspect;

/**
 * @param deep read every partition even deep inside a compressed image, and the backup GPT
 */
public record InspectOptions(boolean deep) {
    public static InspectOptions defaults() {
        return new InspectOptions(false);
    }
}
