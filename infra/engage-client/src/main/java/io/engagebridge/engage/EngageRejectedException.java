package io.engagebridge.engage;

/** Engage refused the data (400/422 or another 4xx it does not document as a business answer): never retried. */
public final class EngageRejectedException extends EngageException {

    public EngageRejectedException(int status, String code, String message, String rawBody) {
        super(status, code, message, rawBody, null);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.REJECTED;
    }
}
