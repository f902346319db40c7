package io.engagebridge.transactions.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The grouping itself, without a database: who waits, who goes together, that no failure leaves a row waiting, and
 * that a database not keeping up gets rows refused rather than stopping the writes or piling them up.
 */
class GroupCommitTest {

    private static final Duration LONG = Duration.ofMinutes(1);

    /** A write under way: its rows, and how the test ends it (each row answered upper-cased). */
    private record Write(List<String> rows, UniEmitter<? super List<String>> end) {
        void succeed() {
            end.complete(rows.stream().map(String::toUpperCase).toList());
        }
    }

    // written on the timer's thread too, when a statement times out
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private Uni<List<String>> together(List<String> rows) {
        return Uni.createFrom().emitter(end -> writes.add(new Write(rows, end)));
    }

    private Uni<String> alone(String row) {
        return together(List.of(row)).map(answer -> answer.get(0));
    }

    private void write(GroupCommit<String, String> group, String... rows) {
        for (String row : rows) {
            group.write(row).subscribe().with(answers::add, failures::add);
        }
    }

    @Test
    void rowsArrivingWhileAStatementRunsGoTogetherInTheNextUpToTheBatchSize() {
        GroupCommit<String, String> group = new GroupCommit<>(3, 1, 100, LONG, this::together, this::alone);

        write(group, "a", "b", "c", "d", "e");
        assertThat(writes).extracting(Write::rows).containsExactly(List.of("a"));

        writes.get(0).succeed();
        assertThat(answers).containsExactly("A");
        assertThat(writes).extracting(Write::rows).containsExactly(List.of("a"), List.of("b", "c", "d"));

        writes.get(1).succeed();
        assertThat(writes).extracting(Write::rows).last().isEqualTo(List.of("e"));
        writes.get(2).succeed();
        assertThat(answers).containsExactly("A", "B", "C", "D", "E");
    }

    @Test
    void theNextStatementGoesBeforeTheRowsOfTheOneThatEndedAreAnswered() {
        GroupCommit<String, String> group = new GroupCommit<>(8, 1, 100, LONG, this::together, this::alone);
        List<Integer> statementsWhenAnswered = new CopyOnWriteArrayList<>();
        for (String row : List.of("a", "b", "c")) {
            group.write(row).subscribe().with(answer -> statementsWhenAnswered.add(writes.size()), failures::add);
        }

        writes.get(0).succeed(); // a is answered once b and c are on their way, so the database is not left idle
        assertThat(statementsWhenAnswered).containsExactly(2);
        assertThat(writes).extracting(Write::rows).containsExactly(List.of("a"), List.of("b", "c"));

        writes.get(1).succeed();
        assertThat(statementsWhenAnswered).containsExactly(2, 2, 2);
        assertThat(failures).isEmpty();
    }

    @Test
    void aStatementThatThrowsInsteadOfFailingLeavesNoRowWaiting() {
        GroupCommit<String, String> group = new GroupCommit<>(8, 1, 100, LONG, rows -> {
            throw new IllegalStateException("cannot even start");
        }, this::alone);

        write(group, "a", "x", "y");
        writes.get(0).succeed();
        // x and y went together, which threw: each is written again on its own
        assertThat(writes).extracting(Write::rows).containsExactly(List.of("a"), List.of("x"), List.of("y"));
        writes.get(1).succeed();
        writes.get(2).succeed();
        assertThat(answers).containsExactly("A", "X", "Y");

        write(group, "z");
        writes.get(3).succeed();
        assertThat(answers).containsExactly("A", "X", "Y", "Z");
    }

    @Test
    void aStatementThatDoesNotAnswerInTimeFailsItsRowsAndTheNextOneGoes() {
        GroupCommit<String, String> group = new GroupCommit<>(8, 1, 100, Duration.ofSeconds(1), this::together,
                this::alone);

        write(group, "a", "b", "c"); // a's statement never answers; b and c wait for it
        await().atMost(Duration.ofSeconds(10)).until(() -> writes.size() == 2);
        writes.get(1).succeed();

        assertThat(failures).singleElement().isInstanceOf(StoreBusy.class);
        assertThat(writes).extracting(Write::rows).containsExactly(List.of("a"), List.of("b", "c"));
        assertThat(answers).containsExactly("B", "C");
    }

    @Test
    void aRowBeyondTheMostThatMayWaitIsRefusedAtOnce() {
        GroupCommit<String, String> group = new GroupCommit<>(8, 1, 2, LONG, this::together, this::alone);

        write(group, "a", "b", "c", "d"); // a under way, b and c waiting: no room for d
        assertThat(failures).singleElement().isInstanceOf(StoreBusy.class);

        writes.get(0).succeed();
        writes.get(1).succeed();
        assertThat(answers).containsExactly("A", "B", "C");
        assertThat(writes).extracting(Write::rows).containsExactly(List.of("a"), List.of("b", "c"));
    }
}
