package io.gizmoedge.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gizmoedge.catalog.ManifestFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts that may connect: per user a name, a role and a salted slow password hash. The
 * file is JSON: {@code {"formatVersion": 1, "users": [{"name", "role", "passwordHash"}, ...]}}.
 * It never holds a password.
 */
public final class UserList {
    /** The account workers log in with. */
    public static final String WORKER_USER = "worker";
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(UserList.class);
    private static final ObjectReader READER;
    private static final ObjectWriter WRITER;

    static {
        ObjectMapper mapper = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        READER = mapper.readerFor(Document.class);
        WRITER = mapper.writerFor(Document.class);
    }

    /** The file's JSON shape. */
    private record Document(int formatVersion, List<UserAccount> users) {
        Document {
            if (formatVersion != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported user list format version " + formatVersion);
            }
            users = List.copyOf(users == null ? List.of() : users);
        }
    }

    private final Map<String, UserAccount> users;
    private final List<UserAccount> order;
    private final String unknownUserHash;

    private UserList(List<UserAccount> accounts) {
        Map<String, UserAccount> byName = new LinkedHashMap<>();
        int iterations = PasswordHasher.DEFAULT_ITERATIONS;
        for (UserAccount account : accounts) {
            if (byName.putIfAbsent(account.name(), account) != null) {
                throw new IllegalArgumentException("user " + account.name() + " is listed twice");
            }
            iterations = Math.max(iterations, PasswordHasher.iterationsOf(account.passwordHash()));
        }
        this.users = Map.copyOf(byName);
        this.unknownUserHash = PasswordHasher.unmatchable(iterations);
        this.order = List.copyOf(byName.values());
    }

    /** A user list of the given accounts, which must have distinct names. */
    public static UserList of(List<UserAccount> accounts) {
        return new UserList(accounts);
    }

    /** The accounts in file order. */
    public List<UserAccount> users() {
        return order;
    }

    public Optional<UserAccount> user(String name) {
        return Optional.ofNullable(name == null ? null : users.get(name));
    }

    /** This list with {@code account} added, or replacing the account of the same name. */
    public UserList withUser(UserAccount account) {
        List<UserAccount> accounts = new ArrayList<>(order);
        accounts.removeIf(a -> a.name().equals(account.name()));
        accounts.add(account);
        return new UserList(accounts);
    }

    /**
     * The role of {@code user} if {@code password} is theirs. An unknown user costs as much time
     * as a known one, so timing does not reveal which names exist.
     */
    public Optional<Role> authenticate(String user, String password) {
        UserAccount account = user == null ? null : users.get(user);
        if (account == null) {
            PasswordHasher.verify(password == null ? "" : password + "\0", unknownUserHash);
            LOG.info("authentication refused for unknown user '{}'", UserAccount.printable(user));
            return Optional.empty();
        }
        if (PasswordHasher.verify(password, account.passwordHash())) {
            LOG.debug("user '{}' authenticated as {}", account.name(), account.role());
            return Optional.of(account.role());
        }
        LOG.info("authentication refused for user '{}': wrong password", account.name());
        return Optional.empty();
    }

    /**
     * Reads the user list at {@code file}.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws IOException if it cannot be read or is not a valid user list
     */
    public static UserList read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "user list not found; run bootstrap to create it");
        }
        try {
            Document document = READER.readValue(file.toFile());
            return new UserList(document.users());
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IOException("user list " + file + " is not valid (" + ManifestFile.firstLine(cause.getMessage())
                    + "); fix it or run bootstrap again with --overwrite", e);
        } catch (JsonProcessingException e) {
            throw new IOException("user list " + file + " is not valid JSON ("
                    + ManifestFile.firstLine(e.getOriginalMessage()) + "); fix it or run bootstrap again with --overwrite", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("user list " + file + " is not valid (" + e.getMessage()
                    + "); fix it or run bootstrap again with --overwrite", e);
        }
    }

    /** Writes the list to {@code file}, readable by its owner only where the file system allows. */
    public void write(Path file) throws IOException {
        byte[] json = WRITER.writeValueAsBytes(new Document(FORMAT_VERSION, order));
        OwnerOnlyFiles.write(file, json);
    }

    @Override
    public String toString() {
        return "UserList" + order;
    }
}
