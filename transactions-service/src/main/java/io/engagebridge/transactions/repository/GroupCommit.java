package io.engagebridge.transactions.repository;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Rows arriving together written together (group commit). At most {@code inFlight} statements write at once; rows
 * that arrive meanwhile wait and go, up to {@code maxBatch} at a time, in the next one. Under load one statement (one
 * round trip, one commit) stores many rows; a row that arrives alone waits for nothing. Each caller is answered on its
 * own Vert.x context (its request's, with its request id), once the statement that wrote its row has committed. When
 * a statement of several rows fails, each of its rows is written again on its own: a row that cannot be stored fails
 * alone, as it would without grouping.
 * <p>
 * A statement that has not answered within {@code timeout} fails its rows with {@link StoreBusy} and frees its place
 * for the next, cancelling the write (its subscription: ReceiptRepository then has PostgreSQL cancel the statement;
 * one that commits before the cancel reaches it stores rows whose callers were told otherwise, which is why callers
 * must write idempotently); and while {@code maxWaiting} rows wait, a new one is refused at once with
 * {@link StoreBusy}. So a database that hangs neither stops this replica's writes for good nor fills its memory.
 *
 * @param <T> a row to write
 * @param <R> what writing it answers
 */
final class GroupCommit<T, R> {

    private record Waiting<T, R>(T row, Context context, UniEmitter<? super R> answer) {
    }

    private final int maxBatch;
    private final int inFlightMax;
    private final int maxWaiting;
    private final Duration timeout;
    private final Function<List<T>, Uni<List<R>>> together;
    private final Function<T, Uni<R>> alone;
    private final ArrayDeque<Waiting<T, R>> queue = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param together writes several rows in one statement, answering for each in order
     * @param alone    writes one row
     */
    GroupCommit(int maxBatch, int inFlight, int maxWaiting, Duration timeout, Function<List<T>, Uni<List<R>>> together,
            Function<T, Uni<R>> alone) {
        if (maxBatch < 1 || inFlight < 1 || maxWaiting < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("max-batch, in-flight, max-waiting and the timeout must be positive");
        }
        this.maxBatch = maxBatch;
        this.inFlightMax = inFlight;
        this.maxWaiting = maxWaiting;
        this.timeout = timeout;
        this.together = together;
        this.alone = alone;
    }

    /** Writes the row with the rows arriving with it; answers once it is committed. */
    Uni<R> write(T row) {
        return Uni.createFrom().emitter(answer -> {
            List<Waiting<T, R>> batch;
            synchronized (this) {
                if (queue.size() >= maxWaiting) {
                    batch = null;
                } else {
                    queue.add(new Waiting<>(row, Vertx.currentContext(), answer));
                    if (inFlight == inFlightMax) {
                        return; // a statement under way takes it when it ends
                    }
                    inFlight++;
                    batch = take();
                }
            }
            if (batch == null) { // refused outside the lock: what the caller does on failure runs here
                answer.fail(new StoreBusy(maxWaiting + " rows were already waiting for the database"));
            } else {
                write(batch);
            }
        });
    }

    /** The next statement's rows; called holding the lock. */
    private List<Waiting<T, R>> take() {
        List<Waiting<T, R>> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        while (batch.size() < maxBatch && !queue.isEmpty()) {
            batch.add(queue.poll());
        }
        return batch;
    }

    private void write(List<Waiting<T, R>> batch) {
        if (batch.size() == 1) {
            Waiting<T, R> only = batch.get(0);
            started(() -> alone.apply(only.row())).subscribe().with(
                    result -> answered(() -> answer(only, result, null)),
                    failure -> answered(() -> answer(only, null, failure)));
            return;
        }
        started(() -> together.apply(batch.stream().map(Waiting::row).toList())).subscribe().with(
                results -> answered(() -> {
                    for (int i = 0; i < batch.size(); i++) {
                        answer(batch.get(i), results.get(i), null);
                    }
                }),
                failure -> {
                    if (failure instanceof StoreBusy) {
                        answered(() -> batch.forEach(waiting -> answer(waiting, null, failure)));
                    } else {
                        eachAlone(batch);
                    }
                });
    }

    /** A statement of several rows failed: each row again on its own, so that only a row that cannot be stored fails. */
    private void eachAlone(List<Waiting<T, R>> batch) {
        AtomicInteger left = new AtomicInteger(batch.size());
        Runnable oneDone = () -> {
            if (left.decrementAndGet() == 0) {
                next();
            }
        };
        for (Waiting<T, R> waiting : batch) {
            started(() -> alone.apply(waiting.row())).subscribe().with(
                    result -> {
                        answer(waiting, result, null);
                        oneDone.run();
                    },
                    failure -> {
                        answer(waiting, null, failure);
                        oneDone.run();
                    });
        }
    }

    /**
     * A write that throws instead of answering a failure fails like one, and one that does not answer in time fails
     * with {@link StoreBusy}: otherwise its rows would never be answered and no later statement would start.
     */
    private <X> Uni<X> started(Supplier<Uni<? extends X>> write) {
        return Uni.createFrom().<X> deferred(write).ifNoItem().after(timeout)
                .failWith(() -> new StoreBusy("The database did not answer within " + timeout.toMillis() + " ms"));
    }

    /**
     * A statement ended: the next one goes first, then its rows are answered, so that no answer delays it. Most answers
     * only go to their own request's context here ({@link #answer}) and run later anyway; one on this context runs
     * inline (serialised, logged, written).
     */
    private void answered(Runnable answers) {
        try {
            next();
        } finally {
            answers.run();
        }
    }

    /** A statement ended: the rows that waited meanwhile go in the next one. */
    private void next() {
        List<Waiting<T, R>> batch;
        synchronized (this) {
            if (queue.isEmpty()) {
                inFlight--;
                return;
            }
            batch = take();
        }
        write(batch);
    }

    /** On the caller's own context: what follows (logging, the answer) runs as if the write had been its alone. */
    private void answer(Waiting<T, R> waiting, R result, Throwable failure) {
        Runnable answer = failure == null ? () -> waiting.answer().complete(result) : () -> waiting.answer().fail(failure);
        if (waiting.context() == null || waiting.context() == Vertx.currentContext()) {
            answer.run();
        } else {
            waiting.context().runOnContext(ignored -> answer.run());
        }
    }
}
