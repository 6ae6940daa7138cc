/**
 * Network faults between a client and the broker: {@link dev.pika.testing.proxy.FaultProxy}, a loopback
 * TCP proxy whose connections ({@link dev.pika.testing.proxy.ProxiedConnection}) can be delayed, stalled,
 * black-holed or cut (RST or FIN) on command, one at a time or all together.
 */
package dev.pika.testing.proxy;
