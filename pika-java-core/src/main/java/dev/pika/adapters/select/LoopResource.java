package dev.pika.adapters.select;

/**
 * Something an {@link IoLoop} must finish when it is closed: a pending connect, a pending resolution, an
 * open transport. Loop thread only (or the thread closing a stopped loop).
 */
interface LoopResource {

    /**
     * The loop is closing: release what is held and report the end to whoever waits for it (a failure
     * callback, {@code connectionLost}), since the loop will run nothing any more.
     */
    void onLoopClosed();
}
