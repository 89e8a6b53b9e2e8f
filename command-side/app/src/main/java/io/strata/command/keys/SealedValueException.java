package io.strata.command.keys;

/** A sealed value that cannot be opened: the data is not what was sealed, or the KEK is not the one used. */
public class SealedValueException extends RuntimeException {

    public SealedValueException(String message) {
        super(message);
    }
}
