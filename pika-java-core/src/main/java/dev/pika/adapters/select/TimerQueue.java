package dev.pika.adapters.select;

import java.util.Arrays;

/**
 * A binary min-heap of {@link LoopTimer}s ordered by deadline, then insertion. Each timer knows its slot, so
 * removal (cancellation) is O(log n) and leaves no garbage behind in the heap.
 *
 * <p>Not thread-safe: confined to the loop's thread.
 */
final class TimerQueue {

    private LoopTimer[] heap = new LoopTimer[16];
    private int size;
    private long nextSequence;

    long nextSequence() {
        return nextSequence++;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest timer, or null. */
    LoopTimer peek() {
        return size == 0 ? null : heap[0];
    }

    void add(LoopTimer timer) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = timer;
        timer.heapIndex = size;
        size++;
        siftUp(timer.heapIndex);
    }

    /** Takes the earliest timer out of the heap, or returns null when empty. */
    LoopTimer poll() {
        if (size == 0) {
            return null;
        }
        LoopTimer first = heap[0];
        removeAt(0);
        return first;
    }

    /**
     * Removes {@code timer} if it is in this heap.
     *
     * @return whether it was in the heap
     */
    boolean remove(LoopTimer timer) {
        int index = timer.heapIndex;
        if (index < 0 || index >= size || heap[index] != timer) {
            return false;
        }
        removeAt(index);
        return true;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i].callback = null;
            heap[i] = null;
        }
        size = 0;
    }

    private void removeAt(int index) {
        LoopTimer removed = heap[index];
        removed.heapIndex = -1;
        size--;
        if (index == size) {
            heap[size] = null;
            return;
        }
        LoopTimer last = heap[size];
        heap[size] = null;
        heap[index] = last;
        last.heapIndex = index;
        siftDown(index);
        if (heap[index] == last) {
            siftUp(index);
        }
    }

    private void siftUp(int index) {
        LoopTimer timer = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            LoopTimer above = heap[parent];
            if (!timer.isBefore(above)) {
                break;
            }
            heap[index] = above;
            above.heapIndex = index;
            index = parent;
        }
        heap[index] = timer;
        timer.heapIndex = index;
    }

    private void siftDown(int index) {
        LoopTimer timer = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && heap[right].isBefore(heap[child])) {
                child = right;
            }
            LoopTimer below = heap[child];
            if (!below.isBefore(timer)) {
                break;
            }
            heap[index] = below;
            below.heapIndex = index;
            index = child;
        }
        heap[index] = timer;
        timer.heapIndex = index;
    }
}
