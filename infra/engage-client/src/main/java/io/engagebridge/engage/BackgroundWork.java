package io.engagebridge.engage;

/**
 * Tells the rate budget whether the current call is background work (a replay nobody waits for), which books only
 * slots close at hand and so yields the next ones to live calls. Without such a bean every call is live.
 */
public interface BackgroundWork {

    boolean isCurrent();
}
