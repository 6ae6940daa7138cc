/**
 * Helpers shared by the protocol engine's packages ({@code dev.pika.connection}, {@code dev.pika.channel}): a
 * logging facade and the guard that runs application callbacks. Not an API: the types are public only so that both
 * engine packages can use them, and they may change in any release.
 */
package dev.pika.internal;
