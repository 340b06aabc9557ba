package io.gizmoedge.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Reads and writes PEM certificates and private keys. */
public final class PemFiles {
    private PemFiles() {
    }

    /** Writes {@code certificates} as PEM {@code CERTIFICATE} blocks. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(new PemObject("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode certificate for " + file, e);
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    /** Writes {@code key} as an unencrypted PEM PKCS#8 {@code PRIVATE KEY}, owner-only where possible. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IOException("private key is in format " + key.getFormat() + ", expected PKCS#8");
        }
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        }
        OwnerOnlyFiles.write(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads every certificate in a PEM file (a chain or a set of roots).
     *
     * @throws IOException naming the file if it is missing, holds no certificate or is malformed
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(open(file, "certificate"))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException("certificate file " + file + " is malformed: " + e.getMessage()
                    + "; regenerate it with bootstrap --overwrite", e);
        } catch (IOException e) {
            if (e instanceof NoSuchFileException) {
                throw e;
            }
            throw new IOException("certificate file " + file + " is not valid PEM: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("certificate file " + file
                    + " holds no PEM CERTIFICATE block; pass a PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }

    /**
     * Reads the first private key in a PEM file: PKCS#8 {@code PRIVATE KEY}, or a traditional
     * {@code RSA/EC PRIVATE KEY}. Encrypted keys are not supported.
     *
     * @throws IOException naming the file if it is missing, holds no key, or the key is encrypted or malformed
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(open(file, "private key"))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                    throw new IOException("private key file " + file
                            + " is encrypted; pass an unencrypted PEM PKCS#8 key (openssl pkcs8 -topk8 -nocrypt)");
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException("private key file " + file + " is malformed: " + e.getMessage(), e);
        }
        throw new IOException("private key file " + file
                + " holds no PEM private key; pass a PEM PKCS#8 key (-----BEGIN PRIVATE KEY-----)");
    }

    private static Reader open(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    what + " file not found; run bootstrap to create it or pass the right path");
        }
        return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
    }
}
