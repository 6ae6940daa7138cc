/**
 * The starter's messaging API: {@link dev.pika.spring.core.PikaTemplate} (thread-safe, confirmed
 * publishing through the connection's I/O loop), the declaration types {@link
 * dev.pika.spring.core.Queue}, {@link dev.pika.spring.core.Exchange}, {@link
 * dev.pika.spring.core.Binding} and {@link dev.pika.spring.core.Declarables}, and {@link
 * dev.pika.spring.core.PikaAdmin}, which declares them at every connection opening and administers
 * queues and exchanges.
 */
package dev.pika.spring.core;
