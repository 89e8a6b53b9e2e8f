package io.strata.platform.schedule;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;

/** A schedule that cannot be used: {@code INVALID_CRON} or {@code INVALID_TIMEZONE}. */
public class InvalidScheduleException extends DomainException {

    public InvalidScheduleException(String code, String message) {
        super(ErrorKind.INVALID, code, message);
    }
}
