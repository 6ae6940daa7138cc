/**
 * Message converters: {@link dev.pika.spring.converter.MessageConverter} turns payload objects into
 * message bodies and properties and back; {@link dev.pika.spring.converter.SimpleMessageConverter}
 * ({@code byte[]}, {@code String}) and {@link dev.pika.spring.converter.JacksonJsonMessageConverter}
 * (JSON with Jackson 3, used when it is on the classpath).
 */
package dev.pika.spring.converter;
