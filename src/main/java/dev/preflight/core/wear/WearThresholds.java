package dev.preflight.core.wear;

/**
 * Every wear threshold in one place (docs/findings.md "Wear thresholds"). Heuristics, not specs:
 * consumer TLC cards are rated for a few hundred program/erase cycles and the controller's write
 * amplification is unknown. A station profile may override them later.
 *
 * @param fullCardWritesWarn  lifetime writes, in multiples of the card's capacity, that warn
 * @param fullCardWritesError ... that are an error
 * @param dataFreeWarnPercent free space on resin-data below which to warn
 * @param dataFreeErrorPercent ... below which it is an error
 * @param emmcLifeWarn        eMMC DEVICE_LIFE_TIME_EST value that warns (0x09 = 80-90 % used)
 * @param cardAgeWarnYears    age of the card (CID manufacture date) that warns
 */
public record WearThresholds(double fullCardWritesWarn, double fullCardWritesError, double dataFreeWarnPercent,
                             double dataFreeErrorPercent, int emmcLifeWarn, int cardAgeWarnYears) {

    public static final WearThresholds DEFAULTS = new WearThresholds(100, 300, 10, 3, 0x09, 5);
}
