/**
 * Command-line options of the two tools: {@link dev.pika.benchmarks.cli.PerfTestOptions} (RabbitMQ PerfTest's main
 * flags plus {@code --client}) and {@link dev.pika.benchmarks.cli.CompareOptions}, their parsers, and the usage
 * text. Options are immutable values; parsing failures are {@link dev.pika.benchmarks.cli.UsageException}s whose
 * message names the flag and the fix.
 */
package dev.pika.benchmarks.cli;
