/**
 * The comparison runner: the scenario matrix ({@link dev.pika.benchmarks.compare.Scenarios}), the run plan that
 * alternates clients run by run ({@link dev.pika.benchmarks.compare.CompareRunner}), fresh-JVM execution
 * ({@link dev.pika.benchmarks.compare.ForkedJvmLauncher}), medians and ratios
 * ({@link dev.pika.benchmarks.compare.ResultTable}) and the text and Markdown table
 * ({@link dev.pika.benchmarks.compare.TableFormatter}).
 */
package dev.pika.benchmarks.compare;
