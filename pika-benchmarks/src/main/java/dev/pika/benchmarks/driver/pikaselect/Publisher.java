package dev.pika.benchmarks.driver.pikaselect;

/**
 * One producer of the pika-select driver, in either {@link PublisherMode}.
 *
 * <p>Threading: {@link #run()} on the benchmark's producer thread; {@link #onConfirm()} and {@link
 * #onWriteBufferDrained()} on the connection's loop; {@link #stop()} on any thread.
 */
interface Publisher {

    /**
     * Publishes as the plan says and returns when publishing is over and the confirms are settled (or the run
     * stopped).
     *
     * @throws dev.pika.benchmarks.driver.DriverException when publishing failed
     */
    void run();

    /** The connection is going away: a waiting {@link #run()} returns. */
    void stop();

    /** Loop thread: the broker confirmed messages (the plan has counted them already). */
    void onConfirm();

    /** Loop thread: the connection's write buffer is back below its low watermark. */
    void onWriteBufferDrained();
}
