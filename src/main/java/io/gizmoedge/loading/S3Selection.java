package io.gizmoedge.loading;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The objects of a listing that a location names, within the limits: a glob that matches nothing,
 * too many objects or too many bytes is refused before anything is downloaded. The listing is read
 * lazily, so a glob over a huge bucket stops at the first object past the limit.
 */
final class S3Selection {
    private S3Selection() {
    }

    static List<StoredObject> choose(S3Location location, Iterable<StoredObject> listed, S3Limits limits) throws LoadException {
        Predicate<String> named = location.matcher();
        List<StoredObject> chosen = new ArrayList<>();
        long bytes = 0;
        for (StoredObject object : listed) {
            if (object.key().endsWith("/") || !named.test(object.key())) {
                continue; // a folder marker is not data
            }
            if (chosen.size() == limits.maxObjects()) {
                throw new LoadException(location + " matches more than " + limits.maxObjects()
                        + " objects, the most one location may load; narrow the glob or load in several statements");
            }
            bytes += object.size();
            if (bytes > limits.maxBytes()) {
                throw new LoadException("the objects " + location + " names hold more than "
                        + S3Limits.describeBytes(limits.maxBytes()) + ", the most one location may load;"
                        + " narrow the glob or load in several statements");
            }
            chosen.add(object);
        }
        if (chosen.isEmpty()) {
            throw new LoadException(location.isGlob() ? "no object matches " + location
                    : "object " + location + " does not exist");
        }
        return List.copyOf(chosen);
    }
}
