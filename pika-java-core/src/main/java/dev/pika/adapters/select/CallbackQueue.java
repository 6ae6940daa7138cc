package dev.pika.adapters.select;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The loop's thread-safe callback queue: an unbounded, lock-free multi-producer single-consumer linked
 * queue (Dmitry Vyukov's design). A producer allocates one node and does one atomic exchange on the tail; it
 * never waits and never contends on a lock. The loop's thread is the only consumer.
 *
 * <p>Producers: any thread ({@link #offer}). Consumer: the loop's thread only ({@link #isEmpty}, {@link
 * #snapshot}, {@link #pollUpTo}).
 */
final class CallbackQueue {

    static final class Node {
        Runnable task;
        volatile Node next;

        Node(Runnable task) {
            this.task = task;
        }
    }

    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(CallbackQueue.class, "tail", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The consumer's stub: the last node taken (its task already cleared). */
    private Node head;

    @SuppressWarnings("unused") // accessed through TAIL
    private volatile Node tail;

    CallbackQueue() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    /** Any thread: appends {@code task}. A volatile exchange, so it is ordered before the caller's next read. */
    void offer(Runnable task) {
        Node node = new Node(task);
        Node previous = (Node) TAIL.getAndSet(this, node);
        previous.next = node;
    }

    /**
     * Consumer only: whether no producer has appended anything not yet taken (including a producer still
     * linking its node, which counts as not empty).
     */
    boolean isEmpty() {
        return head == tail;
    }

    /** Consumer only: the current tail, which bounds one drain so that callbacks added meanwhile wait a turn. */
    Node snapshot() {
        return tail;
    }

    /**
     * Consumer only: takes the next task if it was appended at or before {@code limit}.
     *
     * @return the task, or null when the queue is drained up to {@code limit} (or a producer is still
     *     linking the next node; the loop then comes back on its next turn without blocking)
     */
    Runnable pollUpTo(Node limit) {
        Node current = head;
        if (current == limit) {
            return null;
        }
        Node next = current.next;
        if (next == null) {
            return null;
        }
        head = next;
        Runnable task = next.task;
        next.task = null;
        return task;
    }

    /**
     * Consumer only: drops every task appended so far, handing each to {@code onDropped} in order, and returns how
     * many there were. Unlike a drain it does not stop at a node whose producer is still linking it (between its
     * exchange on the tail and its link, two consecutive statements): it waits for the link, so that every task
     * appended before the call is handed over, none left behind in a queue nobody drains again.
     */
    int clear(Consumer<Runnable> onDropped) {
        Node limit = snapshot();
        int dropped = 0;
        Node current = head;
        while (current != limit) {
            Node next = current.next;
            if (next == null) {
                Thread.onSpinWait();
                continue;
            }
            head = next;
            Runnable task = next.task;
            next.task = null;
            current = next;
            dropped++;
            onDropped.accept(task);
        }
        return dropped;
    }
}
