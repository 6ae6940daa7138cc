package dev.pika.frame;

import java.util.HexFormat;

/** Hex helpers for golden-byte tests: spaces and underscores in hex strings are ignored. */
final class Hex {

    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("_", "").replace("\n", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The hex of an ASCII string, e.g. {@code ascii("ab")} is {@code "6162"}. */
    static String ascii(String text) {
        return HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
