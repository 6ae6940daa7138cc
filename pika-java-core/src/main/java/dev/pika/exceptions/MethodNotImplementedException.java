package dev.pika.exceptions;

/**
 * A method the peer does not implement, or does not know. Thrown in two cases:
 *
 * <ul>
 *   <li>by the method decoder when a method frame names a class and method id that AMQP 0-9-1 (with RabbitMQ's
 *       extensions) does not define; the connection is closed with 540 {@code NOT_IMPLEMENTED}
 *       ({@link #unknownMethod(int, int)}): the receiver does not implement what the peer asked for (503
 *       {@code COMMAND_INVALID} is for a known method out of sequence);
 *   <li>by a channel when the application asks for a feature the broker did not advertise, for example
 *       {@code confirmDelivery()} without the {@code publisher_confirms} capability; {@link #replyCode()} is then 540
 *       {@code NOT_IMPLEMENTED} ({@link #notSupportedByServer(String)}) and the connection stays open.
 * </ul>
 *
 * <p>Pika's {@code MethodNotImplemented}, which in Pika derives from {@code AMQPError}; here it is a
 * {@link ProtocolSyntaxException} so that everything the decoder rejects is one type carrying the reply code.
 * Unchecked; immutable and safe to share between threads.
 */
public class MethodNotImplementedException extends ProtocolSyntaxException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param replyCode 540 (an unknown method received, or a feature the server lacks)
     * @param message what is not implemented
     */
    public MethodNotImplementedException(int replyCode, String message) {
        super(replyCode, message);
    }

    /**
     * A method frame named a class/method id pair that AMQP 0-9-1 does not define (reply code 540).
     *
     * @param classId the class id received
     * @param methodId the method id received
     * @return the exception, to throw
     */
    public static MethodNotImplementedException unknownMethod(int classId, int methodId) {
        return new MethodNotImplementedException(
                NOT_IMPLEMENTED, "Unknown method: class " + classId + ", method " + methodId);
    }

    /**
     * The broker does not support a feature the application asked for (reply code 540, nothing is closed).
     *
     * @param what the feature, e.g. {@code "Confirm.Select"}
     * @return the exception, to throw
     */
    public static MethodNotImplementedException notSupportedByServer(String what) {
        return new MethodNotImplementedException(NOT_IMPLEMENTED, what + " not supported by server");
    }
}
