/**
 * The numbers a benchmark run produces: counters shared by producers and consumers, consumer latency histograms,
 * process CPU, allocation, thread and memory figures, and the small statistics (percentiles, medians, rates, ratios)
 * the comparison table is made of.
 *
 * <p>Nothing here touches a broker or a client library.
 */
package dev.pika.benchmarks.stats;
