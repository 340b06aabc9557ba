package io.gizmoedge.bootstrap;

import io.gizmoedge.security.CertificateAuthority;
import io.gizmoedge.security.TlsMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the worker CA and the workers' client certificates beside the server's certificate
 * ({@link BootstrapLayout#workerCaCertificateFile()}, {@link BootstrapLayout#workerCertificateFile(String)}).
 * A server started with {@code --worker-client-ca tls/worker-ca.crt} then admits on /worker only
 * workers that present one of these certificates ({@code --tls-certificate}, {@code --tls-key}).
 */
public final class WorkerCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCertificates.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Clock clock;

    public WorkerCertificates(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Rejects names that are not 1 to 64 letters, digits, '.', '_' or '-' (they become file names), and repeats. */
    public static void checkNames(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || !NAME.matcher(name).matches() || name.startsWith(".")) {
                throw new IllegalArgumentException("worker certificate name '" + name
                        + "' must be 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("worker certificate name '" + name + "' is given twice");
            }
        }
    }

    /**
     * The files that {@link #createAuthorityAndIssue} writes: the CA's certificate and key, then each
     * worker's certificate and key.
     */
    public static List<Path> outputs(BootstrapLayout layout, List<String> names) {
        List<Path> outputs = new ArrayList<>();
        if (!names.isEmpty()) {
            outputs.add(layout.workerCaCertificateFile());
            outputs.add(layout.workerCaKeyFile());
        }
        for (String name : names) {
            outputs.add(layout.workerCertificateFile(name));
            outputs.add(layout.workerKeyFile(name));
        }
        return outputs;
    }

    /** Creates a new worker CA (replacing any old one) and issues a certificate for each of {@code names}. */
    public void createAuthorityAndIssue(BootstrapLayout layout, List<String> names) throws IOException {
        checkNames(names);
        CertificateAuthority authority = CertificateAuthority.create(CertificateAuthority.DEFAULT_COMMON_NAME,
                CertificateAuthority.DEFAULT_CA_VALIDITY, clock);
        authority.writePem(layout.workerCaCertificateFile(), layout.workerCaKeyFile());
        LOG.info("wrote the worker CA {} (its key {} is needed only to issue worker certificates)",
                layout.workerCaCertificateFile(), layout.workerCaKeyFile());
        for (String name : names) {
            write(authority, layout, name);
        }
    }

    /**
     * Issues a certificate for each of {@code names} with the existing worker CA, creating the CA
     * first when there is none; nothing else changes.
     *
     * @throws OutputExistsException if a certificate of one of the names exists and {@code overwrite} is not set
     *     (then nothing is written)
     * @return the certificate files written
     */
    public List<Path> issue(BootstrapLayout layout, List<String> names, boolean overwrite) throws IOException {
        checkNames(names);
        if (!overwrite) {
            for (String name : names) {
                for (Path file : List.of(layout.workerCertificateFile(name), layout.workerKeyFile(name))) {
                    if (Files.exists(file)) {
                        throw new OutputExistsException(file);
                    }
                }
            }
        }
        CertificateAuthority authority;
        if (Files.exists(layout.workerCaCertificateFile())) {
            authority = CertificateAuthority.load(layout.workerCaCertificateFile(), layout.workerCaKeyFile());
        } else {
            authority = CertificateAuthority.create(CertificateAuthority.DEFAULT_COMMON_NAME,
                    CertificateAuthority.DEFAULT_CA_VALIDITY, clock);
            authority.writePem(layout.workerCaCertificateFile(), layout.workerCaKeyFile());
            LOG.info("there was no worker CA: wrote a new one, {}", layout.workerCaCertificateFile());
        }
        List<Path> written = new ArrayList<>();
        for (String name : names) {
            written.add(write(authority, layout, name));
        }
        return written;
    }

    private Path write(CertificateAuthority authority, BootstrapLayout layout, String name) throws IOException {
        TlsMaterial issued = authority.issueClientCertificate(name, CertificateAuthority.DEFAULT_CERTIFICATE_VALIDITY, clock);
        issued.writePem(layout.workerCertificateFile(name), layout.workerKeyFile(name));
        LOG.info("wrote the certificate of worker {}: {} and {}", name, layout.workerCertificateFile(name),
                layout.workerKeyFile(name));
        return layout.workerCertificateFile(name);
    }
}
