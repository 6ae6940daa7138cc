/**
 * The {@code pika} health contributor: {@link dev.pika.spring.actuate.health.PikaHealthIndicator},
 * its auto-configuration and its {@code management.health.pika.*} properties. Needs Spring Boot's
 * health support ({@code spring-boot-health}, an optional dependency of the starter).
 */
package dev.pika.spring.actuate.health;
