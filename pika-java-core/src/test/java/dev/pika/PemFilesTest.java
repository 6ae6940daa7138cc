package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PemFilesTest {

    @Test
    void encodesObjectIdentifiersAsDer() {
        assertThat(PemFiles.oid("1.2.840.113549.1.1.1"))
                .containsExactly(0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01);
        assertThat(PemFiles.oid("1.2.840.10045.2.1")).containsExactly(0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01);
        assertThat(PemFiles.oid("1.3.101.112")).containsExactly(0x2B, 0x65, 0x70);
    }

    @Test
    void derLengthsUseTheShortestForm() {
        assertThat(PemFiles.Der.tlv(0x04, new byte[3])).startsWith(0x04, 0x03);
        assertThat(PemFiles.Der.tlv(0x04, new byte[200])).startsWith(0x04, 0x81, 200);
        assertThat(PemFiles.Der.tlv(0x04, new byte[300])).startsWith(0x04, 0x82, 0x01, 0x2C);
        byte[] nested = PemFiles.Der.tlv(0x30, PemFiles.Der.tlv(0x02, new byte[] {5}));
        assertThat(new PemFiles.Der(nested).sequence().next(0x02)).containsExactly(5);
    }

    @Test
    void pkcs1IsWrappedIntoPkcs8WithTheRsaAlgorithm() {
        byte[] pkcs1 = {0x30, 0x00};

        byte[] pkcs8 = PemFiles.wrapPkcs1(pkcs1);

        PemFiles.Der info = new PemFiles.Der(pkcs8).sequence();
        assertThat(info.next(0x02)).containsExactly(0);
        PemFiles.Der algorithm = info.sequence();
        assertThat(algorithm.next(0x06)).isEqualTo(PemFiles.oid("1.2.840.113549.1.1.1"));
        assertThat(algorithm.next(0x05)).isEmpty();
        assertThat(info.next(0x04)).isEqualTo(pkcs1);
    }

    @Test
    void malformedInputFailsWithTheSourceNamed() {
        byte[] truncated = pem("PRIVATE KEY", new byte[] {0x30, 0x10, 0x02});
        assertThatThrownBy(() -> PemFiles.privateKey(truncated, null, "key.pem"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("key.pem: the private key is not valid PKCS#8: ");
        byte[] noCurve = pem("EC PRIVATE KEY", PemFiles.Der.tlv(0x30, PemFiles.Der.tlv(0x02, new byte[] {1})));
        assertThatThrownBy(() -> PemFiles.privateKey(noCurve, null, "ec.pem"))
                .hasMessageStartingWith("ec.pem: the EC private key names no curve");
        byte[] dsaParams = pem("DSA PRIVATE KEY", new byte[] {0x30, 0x00});
        assertThatThrownBy(() -> PemFiles.privateKey(dsaParams, null, "dsa.pem"))
                .hasMessage(
                        "dsa.pem: unsupported key type 'DSA PRIVATE KEY'; use PKCS#8 ('-----BEGIN PRIVATE KEY-----')");
        byte[] badBase64 =
                "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> PemFiles.certificates(badBase64, "ca.pem"))
                .hasMessageStartingWith("ca.pem: cannot parse an X.509 certificate");
    }

    private static byte[] pem(String label, byte[] der) {
        return ("-----BEGIN " + label + "-----\n"
                        + java.util.Base64.getEncoder().encodeToString(der) + "\n-----END " + label + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
