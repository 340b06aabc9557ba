package io.gizmoedge.bootstrap;

import io.gizmoedge.catalog.ShardHash;
import io.gizmoedge.security.PasswordHasher;
import io.gizmoedge.security.UserAccount;
import io.gizmoedge.security.UserList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to bootstrap. {@link #toString()} never shows the passwords.
 *
 * @param scaleFactor TPC-H scale factor, at least {@value #MIN_SCALE_FACTOR}
 * @param shardCount number of shards, 1..{@value ShardHash#MAX_SHARD_COUNT}
 * @param clientUsername the client account's name (not {@value UserList#WORKER_USER})
 * @param clientPassword the client account's password
 * @param workerPassword the password of the {@value UserList#WORKER_USER} account, or null for no worker account
 * @param layout where the outputs go
 * @param overwrite replace existing outputs instead of refusing
 * @param generatorThreads threads generating TPC-H tables in parallel (1..8)
 * @param adminUsername the admin account's name (role admin: may change data)
 * @param adminPassword the admin account's password; null for no admin account
 * @param workerCertificates names of workers to issue client certificates for, signed by a new worker CA
 *     ({@link WorkerCertificates}); empty for no worker CA
 */
public record BootstrapOptions(
        double scaleFactor,
        int shardCount,
        String clientUsername,
        String clientPassword,
        String workerPassword,
        BootstrapLayout layout,
        boolean overwrite,
        int generatorThreads,
        String adminUsername,
        String adminPassword,
        List<String> workerCertificates) {

    public static final double MIN_SCALE_FACTOR = 0.01;
    public static final double DEFAULT_SCALE_FACTOR = 1;
    public static final int DEFAULT_SHARD_COUNT = 11;
    public static final String DEFAULT_CLIENT_USERNAME = "scott";
    public static final String DEFAULT_ADMIN_USERNAME = "admin";
    public static final int DEFAULT_GENERATOR_THREADS = 2;

    public BootstrapOptions {
        if (!(scaleFactor == 0 || scaleFactor >= MIN_SCALE_FACTOR) || Double.isInfinite(scaleFactor)) {
            throw new IllegalArgumentException("TPC-H scale factor must be 0 (no TPC-H data) or at least " + MIN_SCALE_FACTOR
                    + ", got " + scaleFactor);
        }
        UserAccount.checkName(adminUsername);
        if (adminUsername.equals(UserList.WORKER_USER) || adminUsername.equals(clientUsername)) {
            throw new IllegalArgumentException("the admin user name must differ from the client's and from '"
                    + UserList.WORKER_USER + "'");
        }
        if (adminPassword != null) {
            try {
                PasswordHasher.checkPassword(adminPassword);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("admin password must not be empty (leave it out for no admin account)");
            }
        }
        ShardHash.checkShardCount(shardCount);
        UserAccount.checkName(clientUsername);
        if (clientUsername.equals(UserList.WORKER_USER)) {
            throw new IllegalArgumentException("the client user name must not be '" + UserList.WORKER_USER
                    + "': that account is reserved for workers");
        }
        try {
            PasswordHasher.checkPassword(clientPassword);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client password must not be empty");
        }
        if (workerPassword != null) {
            try {
                PasswordHasher.checkPassword(workerPassword);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("worker password must not be empty (leave it out for no worker account)");
            }
        }
        Objects.requireNonNull(layout, "layout");
        workerCertificates = List.copyOf(workerCertificates);
        WorkerCertificates.checkNames(workerCertificates);
        if (generatorThreads < 1 || generatorThreads > 8) {
            throw new IllegalArgumentException("generator threads must be between 1 and 8, got " + generatorThreads);
        }
    }

    /** Options with the default layout under {@code root}, no overwrite and two generator threads. */
    public static BootstrapOptions of(double scaleFactor, int shardCount, String clientUsername, String clientPassword,
            String workerPassword, BootstrapLayout layout) {
        return new BootstrapOptions(scaleFactor, shardCount, clientUsername, clientPassword, workerPassword, layout,
                false, DEFAULT_GENERATOR_THREADS, DEFAULT_ADMIN_USERNAME, null, List.of());
    }

    /** These options with an admin account. */
    public BootstrapOptions withAdmin(String username, String password) {
        return new BootstrapOptions(scaleFactor, shardCount, clientUsername, clientPassword, workerPassword, layout,
                overwrite, generatorThreads, username, password, workerCertificates);
    }

    public Optional<String> adminPasswordIfSet() {
        return Optional.ofNullable(adminPassword);
    }

    public Optional<String> workerPasswordIfSet() {
        return Optional.ofNullable(workerPassword);
    }

    public BootstrapOptions withOverwrite(boolean value) {
        return new BootstrapOptions(scaleFactor, shardCount, clientUsername, clientPassword, workerPassword, layout,
                value, generatorThreads, adminUsername, adminPassword, workerCertificates);
    }

    /** These options with client certificates for {@code names}, signed by a new worker CA. */
    public BootstrapOptions withWorkerCertificates(List<String> names) {
        return new BootstrapOptions(scaleFactor, shardCount, clientUsername, clientPassword, workerPassword, layout,
                overwrite, generatorThreads, adminUsername, adminPassword, names);
    }

    @Override
    public String toString() {
        return "BootstrapOptions[scaleFactor=" + scaleFactor + ", shardCount=" + shardCount + ", clientUsername="
                + clientUsername + ", clientPassword=***, workerPassword=" + (workerPassword == null ? "none" : "***")
                + ", adminUsername=" + adminUsername + ", adminPassword=" + (adminPassword == null ? "none" : "***")
                + ", layout=" + layout + ", overwrite=" + overwrite + ", generatorThreads=" + generatorThreads
                + ", workerCertificates=" + workerCertificates + "]";
    }
}
