/**
 * Connection recovery rules on Spring Retry: the fatal/retryable classification of connection
 * failures ({@link dev.pika.spring.connection.recovery.RecoveryPolicies}) and the default back-off
 * ({@link dev.pika.spring.connection.recovery.JitteredExponentialBackOffPolicy}).
 */
package dev.pika.spring.connection.recovery;
