package io.engagebridge.engage.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.engage.BackgroundWork;
import io.engagebridge.outbox.RelayWork;

/** The outbox relay's sends are replays that can wait: their Engage calls yield the next rate-budget slots to live calls. */
@ApplicationScoped
public class RelaySendsAreBackgroundWork implements BackgroundWork {

    @Override
    public boolean isCurrent() {
        return RelayWork.isCurrent();
    }
}
