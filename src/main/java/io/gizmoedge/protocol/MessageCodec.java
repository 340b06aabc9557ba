package io.gizmoedge.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Encodes and decodes {@link Message}s as JSON text frames. Thread-safe. */
public final class MessageCodec {
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public String encode(Message message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes one text frame.
     *
     * @throws MalformedMessageException when the text is not a valid message
     */
    public Message decode(String text) throws MalformedMessageException {
        try {
            return mapper.readValue(text, Message.class);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            String detail = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new MalformedMessageException("malformed message: " + firstLine(detail));
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
