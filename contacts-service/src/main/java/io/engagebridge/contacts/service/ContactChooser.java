package io.engagebridge.contacts.service;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.contacts.config.ContactsConfig;
import io.engagebridge.engage.model.EngageContact;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The documented, deterministic choice on MultipleMatches, among the candidates Engage still finds: a contact of
 * the preferred type (Member) if any, the smallest contactId among those; otherwise the smallest contactId found.
 * Answers empty when Engage named no candidates or finds none of them (a key is never mapped to a contact that is
 * gone).
 */
@ApplicationScoped
public class ContactChooser {

    /** Candidates looked at, at most. */
    static final int MAX_CANDIDATES = 10;

    private final ContactsConfig config;

    public ContactChooser(ContactsConfig config) {
        this.config = config;
    }

    public Uni<Optional<String>> choose(List<String> candidates,
            Function<String, Uni<Optional<EngageContact>>> fetch) {
        List<String> sorted = candidates.stream().distinct().sorted().limit(MAX_CANDIDATES).toList();
        if (sorted.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Multi.createFrom().iterable(sorted)
                .onItem().transformToUniAndConcatenate(id -> fetch.apply(id))
                .collect().asList()
                .map(contacts -> {
                    List<EngageContact> found = contacts.stream().flatMap(Optional::stream).toList();
                    return found.stream()
                            .filter(c -> config.preferredContactType().equalsIgnoreCase(c.contactType()))
                            .map(EngageContact::id)
                            .min(Comparator.naturalOrder())
                            .or(() -> found.stream().map(EngageContact::id).min(Comparator.naturalOrder()));
                });
    }
}
