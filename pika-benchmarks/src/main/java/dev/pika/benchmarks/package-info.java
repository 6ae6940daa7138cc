/**
 * The benchmark tools' entry points: {@link dev.pika.benchmarks.PerfTest}, a RabbitMQ PerfTest look-alike that runs
 * one scenario with one client, and {@link dev.pika.benchmarks.Compare}, which runs a scenario matrix with every
 * available client, alternating clients run by run in fresh JVMs, and prints one table. See BENCHMARKS.md.
 *
 * <p>The module is never deployed; it depends on the RabbitMQ Java client, HdrHistogram and JMH.
 */
package dev.pika.benchmarks;
