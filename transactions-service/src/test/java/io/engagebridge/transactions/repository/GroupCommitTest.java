package io.engagebridge.transactions.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/** The grouping itself, without a database: who waits, who goes together, and that no failure leaves a row waiting. */
class GroupCommitTest {

    /** A write under way: its rows, and how the test ends it (each row answered upper-cased). */
    private record Write(List<String> rows, UniEmitter<? super List<String>> end) {
        void succeed() {
            end.complete(rows.stream().map(String::toUpperCase).toList());
        }
    }

    private final List<Write> writes = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();

    private Uni<List<String>> together(List<String> rows) {
        return Uni.createFrom().emitter(end -> writes.add(new Write(rows, end)));
    }

    private Uni<String> alone(String row) {
        return together(List.of(row)).map(answer -> answer.get(0));
    }

    private void write(GroupCommit<String, String> group, String... rows) {
        for (String row : rows) {
            group.write(row).subscribe().with(answers::add);
        }
    }

    @Test
    void rowsArrivingWhileAStatementRunsGoTogetherInTheNextUpToTheBatchSize() {
        GroupCommit<String, String> group = new GroupCommit<>(3, 1, this::together, this::alone);

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
    void aStatementThatThrowsInsteadOfFailingLeavesNoRowWaiting() {
        GroupCommit<String, String> group = new GroupCommit<>(8, 1, rows -> {
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
}
