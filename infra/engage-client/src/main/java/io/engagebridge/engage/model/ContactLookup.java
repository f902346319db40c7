package io.engagebridge.engage.model;

import java.util.List;

/** What {@code GET contacts/id} answered. */
public sealed interface ContactLookup {

    record Found(String contactId) implements ContactLookup {
    }

    record NotFound() implements ContactLookup {
    }

    /** 409 MultipleMatches: the candidates Engage named (may be empty when the body did not list them). */
    record MultipleMatches(List<String> contactIds) implements ContactLookup {
    }
}
