/**
 * JMH microbenchmarks of the wire codec, pika-java's ({@code dev.pika.frame}, {@code dev.pika.spec}) and, for
 * reference, the RabbitMQ Java client's public codec classes, on the same inputs: encode a {@code basic.publish}
 * with its content header and a 100-byte body, decode a {@code basic.deliver} with header and body into a complete
 * message, encode and decode a field table. Run them with the GC profiler so that allocation per operation shows:
 * {@code pika-benchmarks/bin/jmh} (see BENCHMARKS.md).
 *
 * <p>Each benchmark state is per thread ({@code Scope.Thread}); nothing here touches a socket.
 */
package dev.pika.benchmarks.codec;
