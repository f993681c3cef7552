package dev.preflight.core.edit;

import java.nio.file.Path;

/** Test access to where a card's lock file goes. */
public final class CardLockAccess {
    private CardLockAccess() {
    }

    public static String lockName(Path target) {
        return CardLock.lockFile(CardLock.mediumKey(target)).getFileName().toString();
    }
}
