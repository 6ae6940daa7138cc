package dev.pika.spring.listener.adapter;

/** Produces one argument of a listener method from an invocation. Stateless and thread-safe. */
@FunctionalInterface
interface ParameterResolver {

    /**
     * The argument.
     *
     * @throws UnresolvableArgumentException when the delivery cannot provide it
     */
    Object resolve(ListenerInvocation invocation);
}
