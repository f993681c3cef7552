package dev.preflight.core.edit;

/** An edit that was refused or could not be completed; the message is for the user. */
public class EditException extends Exception {
    public EditException(String message) {
        super(message);
    }

    public EditException(String message, Throwable cause) {
        super(message, cause);
    }
}
