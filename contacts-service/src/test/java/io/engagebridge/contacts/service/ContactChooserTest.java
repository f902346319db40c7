package io.engagebridge.contacts.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.engage.model.EngageContact;
import io.smallrye.mutiny.Uni;

/** The MultipleMatches choice, without Quarkus: Engage's contacts are a map, each fetch is recorded. */
class ContactChooserTest {

    private final ContactChooser chooser = new ContactChooser(TestContactsConfig.withResolveSchedule(Duration.ofSeconds(10)));

    /** Engage's contacts by id; an id absent here is one Engage no longer finds. */
    private final Map<String, EngageContact> engage = new HashMap<>();
    private final List<String> fetched = new ArrayList<>();

    @Test
    void choosesNothingWhenEngageNamedNoCandidates() {
        assertThat(choose(List.of())).isEmpty();
        assertThat(fetched).isEmpty();
    }

    @Test
    void aContactOfThePreferredTypeWinsOverSmallerIds() {
        contact("c-3", "Contact");
        contact("c-1", "Contact");
        contact("c-2", "Member");

        assertThat(choose(List.of("c-3", "c-1", "c-2"))).contains("c-2");
    }

    @Test
    void amongThePreferredTheSmallestIdWins() {
        contact("c-4", "Member");
        contact("c-2", "Member");
        contact("c-1", "Contact");
        contact("c-3", "Member");

        assertThat(choose(List.of("c-4", "c-2", "c-1", "c-3"))).contains("c-2");
    }

    @Test
    void withoutAPreferredContactTheSmallestIdWins() {
        contact("c-3", "Contact");
        contact("c-1", "Contact");
        contact("c-2", null);

        assertThat(choose(List.of("c-3", "c-1", "c-2"))).contains("c-1");
    }

    @Test
    void thePreferredTypeIsMatchedWhateverItsCase() {
        contact("c-1", "Contact");
        contact("c-2", "MEMBER");

        assertThat(choose(List.of("c-1", "c-2"))).contains("c-2");
    }

    @Test
    void idsAreComparedAsText() {
        contact("c-10", "Contact");
        contact("c-9", "Contact");
        contact("C-99", "Contact");

        assertThat(choose(List.of("c-10", "c-9", "C-99"))).contains("C-99");
        assertThat(fetched).containsExactly("C-99", "c-10", "c-9");
    }

    @Test
    void aSingleCandidateIsChosenWhateverItsType() {
        contact("c-7", "Contact");

        assertThat(choose(List.of("c-7"))).contains("c-7");
    }

    @Test
    void fetchesEachCandidateOnceInOrder() {
        contact("c-1", "Contact");
        contact("c-2", "Member");

        assertThat(choose(List.of("c-2", "c-1", "c-2", "c-1", "c-2"))).contains("c-2");
        assertThat(fetched).containsExactly("c-1", "c-2");
    }

    @Test
    void looksAtTheTenSmallestIdsOnly() {
        List<String> candidates = IntStream.rangeClosed(1, 12).mapToObj(i -> "c-%02d".formatted(i)).toList();
        candidates.forEach(id -> contact(id, "Contact"));
        contact("c-11", "Member");
        contact("c-12", "Member");

        List<String> descending = new ArrayList<>(candidates);
        Collections.reverse(descending);

        assertThat(choose(descending)).as("the Members are past the tenth").contains("c-01");
        assertThat(fetched).hasSize(ContactChooser.MAX_CANDIDATES)
                .containsExactlyElementsOf(candidates.subList(0, ContactChooser.MAX_CANDIDATES));
    }

    @Test
    void aCandidateEngageNoLongerFindsIsPassedOver() {
        contact("c-2", "Member");

        assertThat(choose(List.of("c-1", "c-2"))).contains("c-2");
        assertThat(fetched).containsExactly("c-1", "c-2");
    }

    /**
     * Pins today's fallback: "the smallest id of all" includes candidates Engage answered not found, so a contact that
     * is gone can be chosen when no candidate is of the preferred type.
     */
    @Test
    void withoutAPreferredContactTheSmallestIdEngageStillFindsWinsAndNoneFoundIsNoChoice() {
        contact("c-2", "Contact");

        assertThat(choose(List.of("c-2", "c-1"))).as("c-1 is gone").contains("c-2");
        assertThat(choose(List.of("c-4", "c-3"))).as("none found").isEmpty();
    }

    @Test
    void aFailedFetchFailsTheChoice() {
        contact("c-1", "Member");
        IllegalStateException down = new IllegalStateException("Engage down");

        assertThatThrownBy(() -> chooser.choose(List.of("c-1", "c-2"),
                id -> id.equals("c-2") ? Uni.createFrom().failure(down) : fetch(id)).await().indefinitely())
                .isSameAs(down);
    }

    private Optional<String> choose(List<String> candidates) {
        return chooser.choose(candidates, this::fetch).await().indefinitely();
    }

    private Uni<Optional<EngageContact>> fetch(String id) {
        fetched.add(id);
        return Uni.createFrom().item(Optional.ofNullable(engage.get(id)));
    }

    private void contact(String id, String contactType) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        if (contactType != null) {
            meta.put("contactType", contactType);
        }
        engage.put(id, new EngageContact(id, JsonNodeFactory.instance.objectNode(), meta, null, null));
    }
}
