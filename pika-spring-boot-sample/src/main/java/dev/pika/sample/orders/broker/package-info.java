/**
 * Which broker the sample runs on: the embedded Apache Qpid Broker-J when no broker is configured
 * ({@link dev.pika.sample.orders.broker.EmbeddedBrokerByDefault}), else the configured one, and the one
 * log line that says so ({@link dev.pika.sample.orders.broker.BrokerChoiceReport}).
 */
package dev.pika.sample.orders.broker;
