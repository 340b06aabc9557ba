package io.gizmoedge.security;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a self-signed TLS server certificate: EC P-256 key, SHA256withECDSA signature, valid
 * from one hour ago for {@link #DEFAULT_VALIDITY}, with subject alternative names for
 * {@code localhost}, {@code 127.0.0.1}, {@code ::1} and this machine's host name. Clients and
 * workers trust it by passing the certificate file as their TLS root.
 */
public final class TlsCertificateGenerator {
    /** How long a generated certificate is valid. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(730);
    public static final String DEFAULT_COMMON_NAME = "gizmo-edge";

    private static final Logger LOG = LoggerFactory.getLogger(TlsCertificateGenerator.class);

    private final String commonName;
    private final List<String> dnsNames;
    private final List<String> ipAddresses;
    private final Duration validity;
    private final Clock clock;

    /**
     * @param dnsNames DNS subject alternative names
     * @param ipAddresses IP subject alternative names (literal addresses)
     */
    public TlsCertificateGenerator(String commonName, List<String> dnsNames, List<String> ipAddresses,
            Duration validity, Clock clock) {
        this.commonName = Objects.requireNonNull(commonName, "commonName");
        this.dnsNames = List.copyOf(dnsNames);
        this.ipAddresses = List.copyOf(ipAddresses);
        this.validity = Objects.requireNonNull(validity, "validity");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.dnsNames.isEmpty() && this.ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one DNS name or IP address");
        }
        if (validity.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("certificate validity must be at least one day, got " + validity);
        }
    }

    /** The default generator: localhost, 127.0.0.1, ::1 and this machine's host name. */
    public static TlsCertificateGenerator forThisMachine() {
        return new TlsCertificateGenerator(DEFAULT_COMMON_NAME, defaultDnsNames(), List.of("127.0.0.1", "::1"),
                DEFAULT_VALIDITY, Clock.systemUTC());
    }

    /** {@code localhost} and, when it can be found, this machine's host name. */
    public static List<String> defaultDnsNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | SecurityException e) {
                LOG.warn("cannot find this machine's host name ({}); the certificate names only localhost", e.toString());
                host = null;
            }
        }
        if (host != null && host.matches("[A-Za-z0-9.-]{1,253}")) {
            names.add(host.toLowerCase(Locale.ROOT));
        }
        return new ArrayList<>(names);
    }

    /** Generates a new key pair and a certificate for it. */
    public SelfSignedCertificate generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keyPair = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, "Gizmo Edge").build();
            Instant now = clock.instant();
            BigInteger serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject,
                    keyPair.getPublic());

            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keyPair.getPublic()));

            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            certificate.verify(keyPair.getPublic());
            LOG.info("generated a self-signed certificate for DNS {} and IP {}, valid until {}", dnsNames, ipAddresses,
                    certificate.getNotAfter().toInstant());
            return new SelfSignedCertificate(certificate, keyPair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate a TLS certificate: " + e.getMessage(), e);
        }
    }
}
