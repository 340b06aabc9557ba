package io.gizmoedge.security;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate authority whose signature a worker's client certificate needs when the server
 * runs with {@code --worker-client-ca}: an EC P-256 CA certificate (basic constraints CA, path
 * length 0, key usage certificate signing) and its key. It issues client certificates (extended
 * key usage TLS client authentication) named after a worker. Bootstrap writes the CA as
 * {@code tls/worker-ca.crt} and {@code tls/worker-ca.key}; only the certificate belongs on the server.
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
    /** How long a new CA is valid. */
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    /** How long a worker certificate is valid. */
    public static final Duration DEFAULT_CERTIFICATE_VALIDITY = Duration.ofDays(730);
    public static final String DEFAULT_COMMON_NAME = "Gizmo Edge worker CA";

    public CertificateAuthority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal()
                    + " is not a CA certificate; pass the worker CA that bootstrap wrote (tls/worker-ca.crt)");
        }
        new TlsMaterial(List.of(certificate), privateKey); // checks that the key belongs to the certificate
    }

    /** A new CA with a fresh key, valid from one hour before {@code clock}'s now for {@code validity}. */
    public static CertificateAuthority create(String commonName, Duration validity, Clock clock) {
        try {
            KeyPair keyPair = newKeyPair();
            X500Name subject = name(commonName);
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keyPair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            X509Certificate certificate = sign(builder, keyPair.getPrivate());
            certificate.verify(keyPair.getPublic());
            return new CertificateAuthority(certificate, keyPair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot create a certificate authority: " + e.getMessage(), e);
        }
    }

    /** Reads a CA that {@link #writePem} wrote. */
    public static CertificateAuthority load(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> certificates = PemCertificates.read(certificateFile);
        try {
            return new CertificateAuthority(certificates.get(0), PemFiles.readPrivateKey(keyFile));
        } catch (IllegalArgumentException e) {
            throw new IOException(certificateFile + " and " + keyFile + " are not a worker CA: " + e.getMessage(), e);
        }
    }

    /** Writes the certificate to {@code certificateFile} and the key, owner-only, to {@code keyFile}. */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
        new TlsMaterial(List.of(certificate), privateKey).writePem(certificateFile, keyFile);
    }

    /**
     * A client certificate for {@code name} (its common name) with a fresh key, signed by this CA,
     * valid from one hour before {@code clock}'s now for {@code validity} (never beyond the CA's own end).
     */
    public TlsMaterial issueClientCertificate(String name, Duration validity, Clock clock) {
        Objects.requireNonNull(name, "name");
        try {
            KeyPair keyPair = newKeyPair();
            Instant now = clock.instant();
            Instant end = now.plus(validity);
            if (end.isAfter(certificate.getNotAfter().toInstant())) {
                end = certificate.getNotAfter().toInstant();
            }
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(end), name(name), keyPair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(certificate));
            X509Certificate issued = sign(builder, privateKey);
            issued.verify(certificate.getPublicKey());
            return new TlsMaterial(List.of(issued), keyPair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal() + "]";
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, "Gizmo Edge").build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }
}
