/**
 * Test drivers, registered only on the test class path: {@link dev.pika.benchmarks.testing.FakeDriver} ({@code fake},
 * an in-memory broker inside the JVM), {@link dev.pika.benchmarks.testing.StuckDriver} ({@code fake-stuck}, never
 * connects) and {@link dev.pika.benchmarks.testing.FailingDriver} ({@code fake-failing}, its publisher throws).
 */
package dev.pika.benchmarks.testing;
