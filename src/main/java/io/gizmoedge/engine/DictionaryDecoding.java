package io.gizmoedge.engine;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * DuckDB gives ENUM columns to Arrow as dictionary-encoded vectors. Results travel as
 * self-contained Arrow payloads without dictionaries, so such columns are decoded to their values
 * (an ENUM becomes its text) before they are sent; every other column passes unchanged.
 */
public final class DictionaryDecoding {
    private DictionaryDecoding() {
    }

    /** True when some column of {@code root} is dictionary-encoded. */
    public static boolean hasDictionaries(VectorSchemaRoot root) {
        return root.getSchema().getFields().stream().anyMatch(field -> field.getDictionary() != null);
    }

    /**
     * A new root holding the rows of {@code root} with dictionary-encoded columns decoded through
     * {@code dictionaries}; the other columns are transferred, which leaves them empty in {@code root}.
     * The caller closes the result.
     */
    public static VectorSchemaRoot decode(VectorSchemaRoot root, DictionaryProvider dictionaries) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (FieldVector vector : root.getFieldVectors()) {
                DictionaryEncoding encoding = vector.getField().getDictionary();
                if (encoding == null) {
                    TransferPair transfer = vector.getTransferPair(vector.getAllocator());
                    transfer.transfer();
                    vectors.add((FieldVector) transfer.getTo());
                } else {
                    Dictionary dictionary = dictionaries.lookup(encoding.getId());
                    if (dictionary == null) {
                        throw new IllegalStateException("column " + vector.getName() + " refers to a dictionary that is missing");
                    }
                    try (FieldVector values = (FieldVector) DictionaryEncoder.decode(vector, dictionary)) {
                        vectors.add(renamed(values, vector.getName()));
                    }
                }
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(vectors.stream().map(FieldVector::getField).toList(), vectors, root.getRowCount());
    }

    /** The values of {@code vector} (which is left empty) under the column name {@code name}. */
    private static FieldVector renamed(FieldVector vector, String name) {
        Field field = new Field(name, vector.getField().getFieldType(), vector.getField().getChildren());
        FieldVector target = field.createVector(vector.getAllocator());
        vector.makeTransferPair(target).transfer();
        return target;
    }
}
