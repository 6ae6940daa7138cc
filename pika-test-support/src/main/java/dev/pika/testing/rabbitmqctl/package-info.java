/**
 * Broker-side faults through {@code rabbitmqctl} on the local RabbitMQ node:
 * {@link dev.pika.testing.rabbitmqctl.RabbitMqCtl} lists and closes connections, stops and starts the app,
 * and sets the memory watermark, each command bounded in time and failing with its stderr in a
 * {@link dev.pika.testing.rabbitmqctl.RabbitMqCtlException}.
 */
package dev.pika.testing.rabbitmqctl;
