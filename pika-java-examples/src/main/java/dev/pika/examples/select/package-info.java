/**
 * Java versions of Pika's {@code SelectConnection} examples: {@link
 * dev.pika.examples.select.AsynchronousConsumerExample} ({@code asynchronous_consumer_example.py}: the declare, bind,
 * qos and consume chain, reconnecting with a growing delay) and {@link
 * dev.pika.examples.select.AsynchronousPublisherExample} ({@code asynchronous_publisher_example.py}: pipelined
 * publisher confirms tracked by delivery tag). Each has a {@code main} and a {@code run} entry that tests call with a
 * broker URL, a stop signal and a listener.
 *
 * <p>Threading: an example's connection, channel and callbacks live on the thread that calls {@code run} (it runs
 * the connection's {@link dev.pika.adapters.select.IoLoop}); the stop signal may complete on any thread, and is
 * handed to the loop with {@code addCallbackThreadsafe}. Listener methods are called on that loop thread.
 */
package dev.pika.examples.select;
