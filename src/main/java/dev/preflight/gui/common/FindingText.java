package dev.preflight.gui.common;

/**
 * How the dashboard words a finding. Core's messages name the image or card they are about, because the
 * command line prints them on their own ("Partition 3 of /home/me/balena.img spans …"); the dashboard
 * already names the card in its banner and source line, so there the path is left out and the message
 * is about the thing itself ("Partition 3 spans …"). The finding itself is never changed.
 */
final class FindingText {
    private FindingText() {
    }

    /** {@code message} without the mentions of {@code source}, the path the window already shows. */
    static String withoutSource(String message, String source) {
        if (message == null || source == null || source.isEmpty() || !message.contains(source)) {
            return message;
        }
        String m = message;
        String lead = "In " + source + ", ";
        if (m.startsWith(lead) && m.length() > lead.length()) { // "In X, the extended boot record …"
            m = Character.toUpperCase(m.charAt(lead.length())) + m.substring(lead.length() + 1);
        }
        for (String joint : new String[] {" of ", " on ", " in "}) { // "Partition 3 of X spans …"
            m = m.replace(joint + source, "");
        }
        // anywhere else (a message that starts with the path): the file's name is enough
        int cut = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        String name = source.substring(cut + 1);
        return m.replace(source, name.isEmpty() ? source : name);
    }
}
