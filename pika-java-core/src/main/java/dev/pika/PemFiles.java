package dev.pika;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM certificates and private keys with the JDK alone: X.509 certificates (PEM or DER),
 * private keys in PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}),
 * PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC PRIVATE KEY}). Legacy OpenSSL
 * encryption ({@code Proc-Type: 4,ENCRYPTED} headers) is refused with a hint to convert the key.
 *
 * <p>Stateless; safe to use from any thread. Errors are {@link IllegalArgumentException}s whose
 * message names the source (the file) and never contains key material or passwords.
 */
final class PemFiles {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private static final byte[] OID_RSA = oid("1.2.840.113549.1.1.1");
    private static final byte[] OID_RSASSA_PSS = oid("1.2.840.113549.1.1.10");
    private static final byte[] OID_EC = oid("1.2.840.10045.2.1");
    private static final byte[] OID_DSA = oid("1.2.840.10040.4.1");
    private static final byte[] OID_ED25519 = oid("1.3.101.112");
    private static final byte[] OID_ED448 = oid("1.3.101.113");
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] DER_ZERO = {0x02, 0x01, 0x00};

    private PemFiles() {}

    /** One PEM block: its label (e.g. {@code CERTIFICATE}) and decoded content. */
    record Block(String label, byte[] der, boolean legacyEncrypted) {}

    /** Every PEM block of {@code text}, in order. */
    static List<Block> blocks(String text, String source) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String label = matcher.group(1);
            String body = matcher.group(2);
            boolean legacyEncrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            if (legacyEncrypted) {
                blocks.add(new Block(label, new byte[0], true));
                continue;
            }
            try {
                blocks.add(new Block(label, Base64.getMimeDecoder().decode(body.trim()), false));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": the " + label + " PEM block is not valid Base64", e);
            }
        }
        return blocks;
    }

    /**
     * The certificates of a PEM file's {@code CERTIFICATE} blocks, or of a DER file.
     *
     * @throws IllegalArgumentException when there is none or one cannot be parsed
     */
    static List<X509Certificate> certificates(byte[] content, String source) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<Block> blocks = blocks(new String(content, StandardCharsets.ISO_8859_1), source);
            if (blocks.isEmpty()) {
                for (Certificate certificate : factory.generateCertificates(new ByteArrayInputStream(content))) {
                    certificates.add((X509Certificate) certificate);
                }
            }
            for (Block block : blocks) {
                if (block.label().equals("CERTIFICATE") || block.label().equals("TRUSTED CERTIFICATE")) {
                    certificates.add(
                            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(source + ": cannot parse an X.509 certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(
                    source + ": no certificate found; expected PEM blocks '-----BEGIN CERTIFICATE-----'");
        }
        return certificates;
    }

    /**
     * The private key of a PEM file (the first private key block).
     *
     * @param password the password of an {@code ENCRYPTED PRIVATE KEY}, or null
     * @throws IllegalArgumentException when there is no key, it cannot be decrypted or parsed
     */
    static PrivateKey privateKey(byte[] content, char[] password, String source) {
        for (Block block : blocks(new String(content, StandardCharsets.ISO_8859_1), source)) {
            if (!block.label().endsWith("PRIVATE KEY")) {
                continue;
            }
            if (block.legacyEncrypted()) {
                throw new IllegalArgumentException(source + ": legacy OpenSSL-encrypted keys (Proc-Type: 4,ENCRYPTED)"
                        + " are not supported; convert the key to PKCS#8 with"
                        + " 'openssl pkcs8 -topk8 -in key.pem -out key-pkcs8.pem'");
            }
            byte[] pkcs8 = switch (block.label()) {
                case "PRIVATE KEY" -> block.der();
                case "ENCRYPTED PRIVATE KEY" -> decrypt(block.der(), password, source);
                case "RSA PRIVATE KEY" -> wrapPkcs1(block.der());
                case "EC PRIVATE KEY" -> wrapSec1(block.der(), source);
                default ->
                    throw new IllegalArgumentException(source + ": unsupported key type '" + block.label()
                            + "'; use PKCS#8 ('-----BEGIN PRIVATE KEY-----')");
            };
            return pkcs8Key(pkcs8, source);
        }
        throw new IllegalArgumentException(
                source + ": no private key found; expected a PEM block like '-----BEGIN PRIVATE KEY-----'");
    }

    private static byte[] decrypt(byte[] der, char[] password, String source) {
        if (password == null) {
            throw new IllegalArgumentException(
                    source + ": the private key is encrypted; give its password (keyPassword / 'password')");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters parameters = info.getAlgParameters();
            // For PBES2 the algorithm name is only in the parameters, e.g. PBEWithHmacSHA256AndAES_256.
            String algorithm = parameters != null ? parameters.toString() : info.getAlgName();
            SecretKeyFactory keyFactory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, keyFactory.generateSecret(new PBEKeySpec(password)), parameters);
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException(
                    source + ": cannot decrypt the private key (wrong password or unsupported encryption): "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    private static PrivateKey pkcs8Key(byte[] pkcs8, String source) {
        String algorithm;
        try {
            Der info = new Der(pkcs8).sequence();
            info.next(0x02); // version
            Der algorithmIdentifier = info.sequence();
            algorithm = algorithmName(algorithmIdentifier.next(0x06));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(source + ": the private key is not valid PKCS#8: " + e.getMessage(), e);
        }
        if (algorithm == null) {
            throw new IllegalArgumentException(
                    source + ": unsupported private key algorithm; use an RSA, EC, Ed25519/Ed448 or DSA key");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    source + ": cannot read the " + algorithm + " private key: " + e.getMessage(), e);
        }
    }

    private static String algorithmName(byte[] oidValue) {
        if (java.util.Arrays.equals(oidValue, OID_RSA)) {
            return "RSA";
        }
        if (java.util.Arrays.equals(oidValue, OID_RSASSA_PSS)) {
            return "RSASSA-PSS";
        }
        if (java.util.Arrays.equals(oidValue, OID_EC)) {
            return "EC";
        }
        if (java.util.Arrays.equals(oidValue, OID_ED25519)) {
            return "Ed25519";
        }
        if (java.util.Arrays.equals(oidValue, OID_ED448)) {
            return "Ed448";
        }
        if (java.util.Arrays.equals(oidValue, OID_DSA)) {
            return "DSA";
        }
        return null;
    }

    /** PKCS#1 RSAPrivateKey to PKCS#8 PrivateKeyInfo. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        return Der.tlv(0x30, DER_ZERO, Der.tlv(0x30, Der.tlv(0x06, OID_RSA), DER_NULL), Der.tlv(0x04, pkcs1));
    }

    /** SEC1 ECPrivateKey (with its named-curve parameters) to PKCS#8 PrivateKeyInfo. */
    static byte[] wrapSec1(byte[] sec1, String source) {
        byte[] curve = null;
        try {
            Der key = new Der(sec1).sequence();
            while (key.hasMore()) {
                int tag = key.peekTag();
                byte[] value = key.next(tag);
                if (tag == 0xA0) {
                    curve = value; // [0] EXPLICIT ECParameters: the namedCurve OID, tag and all
                }
            }
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(source + ": the EC private key is not valid SEC1: " + e.getMessage(), e);
        }
        if (curve == null || curve.length == 0 || curve[0] != 0x06) {
            throw new IllegalArgumentException(source + ": the EC private key names no curve; convert it to PKCS#8"
                    + " with 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
        }
        return Der.tlv(0x30, DER_ZERO, Der.tlv(0x30, Der.tlv(0x06, OID_EC), curve), Der.tlv(0x04, sec1));
    }

    /** The DER content octets of a dotted object identifier. */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long value = Long.parseLong(parts[i]);
            int groups = 1;
            for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
                groups++;
            }
            for (int group = groups - 1; group >= 0; group--) {
                int bits = (int) ((value >>> (7 * group)) & 0x7F);
                out.write(group == 0 ? bits : bits | 0x80);
            }
        }
        return out.toByteArray();
    }

    /** A minimal DER reader and writer: definite lengths, single-octet tags. */
    static final class Der {
        private final byte[] data;
        private int position;
        private final int end;

        Der(byte[] data) {
            this(data, 0, data.length);
        }

        private Der(byte[] data, int start, int end) {
            this.data = data;
            this.position = start;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int peekTag() {
            if (position >= end) {
                throw new IllegalStateException("truncated DER: expected another element");
            }
            return data[position] & 0xFF;
        }

        /** Reads a SEQUENCE and returns a reader over its elements. */
        Der sequence() {
            int length = header(0x30);
            Der inner = new Der(data, position, position + length);
            position += length;
            return inner;
        }

        /** Reads an element with {@code tag} and returns its content octets. */
        byte[] next(int tag) {
            int length = header(tag);
            byte[] value = java.util.Arrays.copyOfRange(data, position, position + length);
            position += length;
            return value;
        }

        private int header(int tag) {
            int actual = peekTag();
            if (actual != tag) {
                throw new IllegalStateException("expected DER tag 0x" + Integer.toHexString(tag) + " but found 0x"
                        + Integer.toHexString(actual));
            }
            position++;
            if (position >= end) {
                throw new IllegalStateException("truncated DER length");
            }
            int first = data[position++] & 0xFF;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int octets = first & 0x7F;
                if (octets == 0 || octets > 3 || position + octets > end) {
                    throw new IllegalStateException("unsupported DER length encoding");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (data[position++] & 0xFF);
                }
            }
            if (length > end - position) {
                throw new IllegalStateException("DER element longer than its container");
            }
            return length;
        }

        /** Encodes tag, length and the concatenated parts. */
        static byte[] tlv(int tag, byte[]... parts) {
            int length = 0;
            for (byte[] part : parts) {
                length += part.length;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
            out.write(tag);
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x100) {
                out.write(0x81);
                out.write(length);
            } else if (length < 0x10000) {
                out.write(0x82);
                out.write(length >>> 8);
                out.write(length);
            } else {
                out.write(0x83);
                out.write(length >>> 16);
                out.write(length >>> 8);
                out.write(length);
            }
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return out.toByteArray();
        }
    }
}
