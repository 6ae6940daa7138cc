package dev.pika.adapters.select;

/**
 * What an {@link IoLoop} selection key carries as its attachment: the handler of its channel's readiness (a
 * connect in progress, a transport). Loop thread only.
 */
interface SelectorHandler {

    /**
     * The channel is ready for the operations in {@code readyOps} ({@link java.nio.channels.SelectionKey}
     * bits). Handlers deal with their own I/O errors; anything they throw is logged by the loop.
     */
    void onReady(int readyOps);
}
