package dev.pika.exceptions;

/**
 * Thrown by the frame decoder when a frame cannot be decoded: an unknown frame type, a missing frame-end octet, a
 * frame larger than the negotiated {@code frame_max}, or a payload that is shorter than its contents claim (a string,
 * table or array length running past the end of the frame). The connection is closed with 501 {@code FRAME_ERROR}.
 *
 * <p>Pika's {@code InvalidFrameError}. Unchecked; immutable and safe to share between threads.
 */
public class InvalidFrameException extends ProtocolSyntaxException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with reply code 501.
     *
     * @param message what is wrong with the frame
     */
    public InvalidFrameException(String message) {
        super(FRAME_ERROR, message);
    }

    /**
     * The frame type octet is none of 1 (method), 2 (header), 3 (body), 8 (heartbeat).
     *
     * @param frameType the octet received
     * @return the exception, to throw
     */
    public static InvalidFrameException unknownFrameType(int frameType) {
        return new InvalidFrameException("Unknown frame type: " + frameType);
    }

    /**
     * The octet after the payload is not the frame-end octet 0xCE.
     *
     * @param found the octet found instead
     * @return the exception, to throw
     */
    public static InvalidFrameException missingFrameEnd(int found) {
        return new InvalidFrameException("Invalid FRAME_END marker: expected 206 (0xCE), got " + found);
    }

    /**
     * The frame is larger than the negotiated {@code frame_max}; raised before any of it is buffered.
     *
     * @param frameSize the frame's total size (header, payload and end octet)
     * @param maxFrameSize the largest frame accepted
     * @return the exception, to throw
     */
    public static InvalidFrameException tooLarge(long frameSize, int maxFrameSize) {
        return new InvalidFrameException(
                "Frame of " + frameSize + " bytes exceeds the negotiated frame_max of " + maxFrameSize + " bytes");
    }

    /**
     * A length inside the payload runs past the end of the frame or of its enclosing table.
     *
     * @param what what was being read, e.g. {@code "field table"}
     * @param length the length the peer announced
     * @param available the bytes actually left
     * @return the exception, to throw
     */
    public static InvalidFrameException lengthBeyondFrame(String what, long length, int available) {
        return new InvalidFrameException(
                what + " of " + length + " bytes runs past the end of the frame (" + available + " bytes left)");
    }

    /**
     * The payload ended before everything its type requires was read.
     *
     * @param what what was being decoded, e.g. {@code "Basic.Deliver"}
     * @return the exception, to throw
     */
    public static InvalidFrameException truncated(String what) {
        return new InvalidFrameException(what + " is truncated: its frame ended before all of its fields were read");
    }
}
