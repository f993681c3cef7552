package dev.preflight.core.configtxt;

import java.util.List;
import java.util.Locale;

/**
 * A Raspberry Pi family as config.txt sees it: the markers that name it in a balena device-type slug and
 * the conditional-section filters that apply to it. The families are data ({@link #MODELS}); the first whose
 * marker matches wins, so raspberrypi400 is a pi4 and fincm3 a pi3.
 */
record PiModel(String name, List<String> slugMarkers, List<String> sectionPrefixes) {

    static final List<PiModel> MODELS = List.of(
            new PiModel("pi5", List.of("raspberrypi5", "cm5"), List.of("pi5", "pi500", "cm5")),
            new PiModel("pi4", List.of("raspberrypi4", "raspberrypi400", "cm4"), List.of("pi4", "pi400", "cm4")),
            new PiModel("pi3", List.of("raspberrypi3", "fincm3", "cm3"), List.of("pi3", "cm3")),
            new PiModel("pi0", List.of("raspberrypi0", "raspberrypi-zero"), List.of("pi0")),
            new PiModel("pi2", List.of("raspberrypi2"), List.of("pi2")),
            new PiModel("pi1", List.of("raspberrypi", "raspberry-pi"), List.of("pi1")));

    /** Section filters that name a board model; other filters (gpio, EDID, serial, tryboot) match at run time. */
    private static final String MODEL_FILTER = "pi\\d.*|cm\\d.*|pi400|pi500|pi0w|pi02";

    /** The family of a balena device-type slug, or null when it is not a Raspberry Pi. */
    static PiModel of(String slug) {
        if (slug == null) {
            return null;
        }
        String s = slug.toLowerCase(Locale.ROOT);
        for (PiModel m : MODELS) {
            for (String marker : m.slugMarkers()) {
                if (m.name().equals("pi1") ? s.startsWith(marker) : s.contains(marker)) {
                    return m;
                }
            }
        }
        return null;
    }

    /** Whether settings under the [section] filter apply to this family. */
    boolean applies(String section) {
        if (section.equals("all")) {
            return true;
        }
        String s = section.toLowerCase(Locale.ROOT);
        if (s.equals("none")) {
            return false;
        }
        if (s.matches(MODEL_FILTER)) {
            return sectionPrefixes.stream().anyMatch(s::startsWith);
        }
        return true; // other filters (gpio, EDID, serial, tryboot) may match at run time
    }
}
