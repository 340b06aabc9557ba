package io.gizmoedge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    @Test
    void headerRoundTripsAndHidesThePassword() {
        BasicCredentials credentials = new BasicCredentials("scott", "ti:ger");
        assertThat(BasicCredentials.parse(credentials.headerValue())).contains(credentials);
        assertThat(credentials.toString()).doesNotContain("ti:ger");
    }

    @Test
    void malformedHeadersAreRejected() {
        assertThat(BasicCredentials.parse(null)).isEmpty();
        assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
        assertThat(BasicCredentials.parse("Basic !!!")).isEmpty();
        assertThat(BasicCredentials.parse("Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes()))).isEmpty();
    }
}
