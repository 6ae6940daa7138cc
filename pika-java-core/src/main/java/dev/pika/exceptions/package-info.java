/**
 * The unchecked exception tree of pika-java, a one-to-one mirror of Python Pika 1.2's {@code pika.exceptions}
 * with Java names ({@code AMQPError} is {@link dev.pika.exceptions.AmqpException}, {@code ConnectionClosedByBroker}
 * is {@link dev.pika.exceptions.ConnectionClosedByBrokerException}, and so on).
 *
 * <pre>
 * AmqpException
 * ├── AmqpConnectionException
 * │   ├── ConnectionOpenAbortedException, StreamLostException, IncompatibleProtocolException,
 * │   ├── AuthenticationException, ProbableAuthenticationException, ProbableAccessDeniedException,
 * │   ├── NoFreeChannelsException, ConnectionWrongStateException, ConnectionBlockedTimeoutException,
 * │   ├── AmqpHeartbeatTimeoutException, AmqpConnectionWorkflowFailedException (every attempt of a workflow)
 * │   └── ConnectionClosedException (replyCode, replyText)
 * │       ├── ConnectionClosedByBrokerException
 * │       └── ConnectionClosedByClientException
 * ├── AmqpChannelException
 * │   ├── ChannelWrongStateException, DuplicateConsumerTagException, ConsumerCancelledException,
 * │   ├── UnroutableException, NackException (carry {@link dev.pika.exceptions.ReturnedMessage}s),
 * │   ├── WaitForConfirmsTimeoutException (beyond Pika)
 * │   └── ChannelClosedException (replyCode, replyText)
 * │       ├── ChannelClosedByBrokerException
 * │       └── ChannelClosedByClientException
 * ├── InvalidChannelNumberException
 * ├── ShortStringTooLongException
 * └── ProtocolSyntaxException (replyCode: the AMQP code to close the connection with)
 *     ├── InvalidFrameException (501), InvalidFieldTypeException (502), UnsupportedAmqpFieldException (502),
 *     ├── ProtocolVersionMismatchException (502), MethodNotImplementedException (540),
 *     └── UnexpectedFrameException (505), BodyTooLongException (505 or 506)
 * ChannelException (Pika's ChannelError, outside AmqpException as in Pika)
 * └── DuplicateGetOkCallbackException
 * ReentrancyException (Pika's ReentrancyError, outside AmqpException as in Pika)
 * </pre>
 *
 * <p>{@link dev.pika.exceptions.AmqpConnectionWorkflowFailedException} is Pika's {@code AMQPConnectionWorkflowFailed}
 * (defined in Pika's {@code connection_workflow} module, not in {@code exceptions.py}); here it is an {@link
 * dev.pika.exceptions.AmqpConnectionException} so that one catch covers every way a connection fails to open.
 *
 * <p>One deliberate difference from Pika: {@link dev.pika.exceptions.MethodNotImplementedException} derives from
 * {@link dev.pika.exceptions.ProtocolSyntaxException} (in Pika it derives from {@code AMQPError} directly), so that
 * everything the frame decoder rejects is one exception type carrying the reply code to close with.
 *
 * <p>One addition beyond Pika: {@link dev.pika.exceptions.WaitForConfirmsTimeoutException}, thrown by {@code
 * BlockingChannel.waitForConfirms(timeout)}, which Pika's {@code BlockingChannel} does not have.
 *
 * <p>All exceptions are immutable once thrown and safe to pass between threads. Their messages never contain
 * credentials.
 */
package dev.pika.exceptions;
