/**
 * The procedural adapter: {@link dev.pika.adapters.blocking.BlockingConnection} and {@link
 * dev.pika.adapters.blocking.BlockingChannel}, Pika's {@code BlockingConnection} and {@code BlockingChannel}, plus
 * the consume iterator ({@link dev.pika.adapters.blocking.ConsumeIterable} of {@link
 * dev.pika.adapters.blocking.Delivery}).
 *
 * <p>Threading, in short (the full contract is in {@code docs/threading.md}): each connection has a private I/O thread
 * that owns its {@code SelectConnection}, socket and channels, so heartbeats never wait for the application; the
 * application's blocking calls hand their requests to that thread (or, when it is idle, write them themselves with
 * {@code IoLoop.runOrHandOff}) and wait for the replies; acknowledgements made while callbacks are dispatched go
 * out together when the round of callbacks ends; what the broker, timers
 * and other threads send to the application is queued and dispatched on the application thread, only inside {@code
 * processDataEvents}, {@code sleep}, {@code startConsuming} and the consume iterator. One application thread uses a
 * connection at a time (others fail fast); publishing (including the pipelined {@code basicPublishConfirmed} and
 * {@code waitForConfirms}), acknowledging and {@code addCallbackThreadsafe} are safe from any thread.
 *
 * <p>Package-private classes: {@code LoopBridge} (the I/O thread and the door to it), {@code EventInbox} and {@code
 * Dispatcher} (the door back and the dispatch rules), {@code ThreadGuard} (one application thread at a time), {@code
 * PublishGate} (publish back-pressure), {@code BodyCopies} (the direct, reused copies of large published bodies),
 * {@code ChannelConsumers} and {@code ChannelPublisher} (a channel's consumers
 * and publishing path), {@code ConfirmedPublish} and {@code OutstandingConfirms} (a confirm-mode publish on its way
 * and a channel's confirm bookkeeping for {@code waitForConfirms}), {@code ConnectionOpener} (opening from a list of
 * parameter sets).
 */
package dev.pika.adapters.blocking;
