/**
 * The reliability suite's bookkeeping, shared by every fault test: {@link dev.pika.reliability.Ledger} records
 * what happened to each message id (published, confirmed, nacked, failed back, consumed with its redelivered flag)
 * and computes lost, duplicates and unresolved publishes; {@link dev.pika.reliability.ReliabilityReport} collects
 * one row per fault and writes the table the run ends with. Both are thread-safe.
 */
package dev.pika.reliability;
