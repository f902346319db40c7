package io.engagebridge.outbox;

import java.time.Duration;

/** A handler's own verdict on a message it could not send: fail its {@code Uni} with one of these. */
public final class SendFailed extends RuntimeException {

    private final SendFailure failure;

    public SendFailed(SendFailure failure) {
        super(failure.reason(), null, false, false);
        this.failure = failure;
    }

    /** "Not yet": the message waits {@code delay} and the attempt is not counted. */
    public static SendFailed notYet(String reason, Duration delay) {
        return new SendFailed(new SendFailure.NotYet(reason, delay));
    }

    /** "This will never go through": the message ends as DEAD at once, with this reason. */
    public static SendFailed giveUp(String reason) {
        return new SendFailed(new SendFailure.GiveUp(reason));
    }

    public SendFailure failure() {
        return failure;
    }
}
