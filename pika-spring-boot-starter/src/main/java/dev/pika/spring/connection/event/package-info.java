/**
 * Application events for the starter's connections: {@link
 * dev.pika.spring.connection.event.PikaConnectionEvent} and its subtypes (connected, lost, recovering,
 * recovered, failed), published on the connection's recovery thread in order.
 */
package dev.pika.spring.connection.event;
