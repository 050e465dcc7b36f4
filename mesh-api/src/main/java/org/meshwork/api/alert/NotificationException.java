package org.meshwork.api.alert;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/** A {@link Notifier} could not deliver an alert: the receiver was unreachable, too slow, or refused it. */
public class NotificationException extends MeshException {
    private static final long serialVersionUID = 1L;

    public NotificationException(String message) {
        super(ErrorCode.INTERNAL, message);
    }

    public NotificationException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
