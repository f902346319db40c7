package io.engagebridge.engage;

/**
 * A documented business answer such as 404 ContactNotFound or 409 PromotionAlreadyRedeemed. {@link EngageClient}
 * turns the ones it knows into values; one that reaches a caller means "Engage said no, and that is final".
 */
public final class EngageExpectedException extends EngageException {

    public EngageExpectedException(int status, String code, String message, String rawBody) {
        super(status, code, message, rawBody, null);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.EXPECTED;
    }
}
