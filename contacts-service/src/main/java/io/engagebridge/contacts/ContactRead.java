package io.engagebridge.contacts;

import java.time.Duration;

import io.engagebridge.api.contacts.ContactView;

/** A contact as read: from Engage ({@code staleAge} null), or the last copy kept here while Engage is down. */
public record ContactRead(ContactView contact, Duration staleAge) {

    public boolean stale() {
        return staleAge != null;
    }
}
