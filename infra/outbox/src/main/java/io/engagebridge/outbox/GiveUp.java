package io.engagebridge.outbox;

/** A handler's "this will never go through": the message ends as DEAD at once, with this reason. */
public class GiveUp extends RuntimeException {

    public GiveUp(String reason) {
        super(reason, null, false, false);
    }
}
