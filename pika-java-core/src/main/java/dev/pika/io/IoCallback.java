package dev.pika.io;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Completion callback of an asynchronous I/O operation: exactly one of {@link #onSuccess} or {@link
 * #onFailure} is called, once, on the loop's thread, never from inside the call that started the operation,
 * and never after the operation was cancelled.
 *
 * @param <T> the operation's result type
 */
public interface IoCallback<T> {

    /**
     * The operation succeeded.
     *
     * @param result the operation's result, never {@code null}
     */
    void onSuccess(T result);

    /**
     * The operation failed.
     *
     * @param error why; a JDK exception such as {@link java.io.IOException}, {@link java.net.ConnectException},
     *     {@link java.net.SocketTimeoutException}, {@link java.net.UnknownHostException} or {@link
     *     javax.net.ssl.SSLException}, whose message names the address and the setting involved
     */
    void onFailure(Throwable error);

    /**
     * Builds a callback from two functions, for lambdas.
     *
     * @param onSuccess called with the result
     * @param onFailure called with the error
     * @param <T> the operation's result type
     * @return a callback delegating to the two functions
     */
    static <T> IoCallback<T> of(Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        Objects.requireNonNull(onSuccess, "onSuccess");
        Objects.requireNonNull(onFailure, "onFailure");
        return new IoCallback<>() {
            @Override
            public void onSuccess(T result) {
                onSuccess.accept(result);
            }

            @Override
            public void onFailure(Throwable error) {
                onFailure.accept(error);
            }
        };
    }
}
