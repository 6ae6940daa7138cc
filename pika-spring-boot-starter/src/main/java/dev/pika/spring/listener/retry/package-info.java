/**
 * What happens to a delivery after its listener failed for good: {@link
 * dev.pika.spring.listener.retry.MessageRecoverer} and its implementations.
 */
package dev.pika.spring.listener.retry;
