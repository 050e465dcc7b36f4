package org.meshwork.platform.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.meshwork.api.alert.Notifier;
import org.meshwork.platform.workspace.WebhookEndpoint;
import org.meshwork.platform.workspace.WebhookFormat;
import org.meshwork.testing.alert.NotifierContractTest;

class WebhookNotifierContractIT extends NotifierContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpReceiver receiver;
    private WebhookNotifier notifier;

    @BeforeEach
    void setUp() throws IOException {
        receiver = new HttpReceiver();
        notifier = new WebhookNotifier(new WebhookEndpoint(receiver.url("/hooks/meshwork"), WebhookFormat.JSON));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Override
    protected Notifier notifier() {
        return notifier;
    }

    @Override
    protected List<String> delivered() {
        return receiver.received().stream().map(request -> {
            try {
                JsonNode body = JSON.readTree(request.body());
                return body.get("kind").asText() + " " + body.get("product").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
