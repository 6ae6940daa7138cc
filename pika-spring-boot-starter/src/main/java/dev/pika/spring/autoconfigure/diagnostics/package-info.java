/**
 * Start-up failure analysis for the starter: turns its typed configuration errors into Spring Boot's
 * "APPLICATION FAILED TO START" report with the property and the fix.
 */
package dev.pika.spring.autoconfigure.diagnostics;
