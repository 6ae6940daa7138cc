/**
 * Listener containers: the types shared by the {@code pika.listener.*} properties and the
 * {@code @PikaListener} annotation, such as {@link dev.pika.spring.listener.AckMode}.
 */
package dev.pika.spring.listener;
