/**
 * One PerfTest run: {@link dev.pika.benchmarks.run.BenchmarkRun} opens the connections, starts producers and
 * consumers through a driver, ends the run on its time or message limits, prints a line per second
 * ({@link dev.pika.benchmarks.run.IntervalReporter}) and a summary, and yields a
 * {@link dev.pika.benchmarks.run.RunResult} (written as properties by {@link dev.pika.benchmarks.run.RunResultFile}
 * for the comparison runner).
 */
package dev.pika.benchmarks.run;
