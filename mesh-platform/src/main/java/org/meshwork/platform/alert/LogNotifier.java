package org.meshwork.platform.alert;

import java.util.stream.Collectors;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.AlertKind;
import org.meshwork.api.alert.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each alert as one line to the SLF4J logger {@value #LOGGER}: a recovery at {@code INFO}, everything else at
 * {@code WARN}, as {@code <kind> <product>: <title> — <message> [<details>] channel=… on_call=…}, e.g.
 * {@code quality_failed dp.sales.orders: required quality checks failed — … [run_id=…]} (a title that starts with the
 * product id is not repeated).
 */
public final class LogNotifier implements Notifier {
    public static final String LOGGER = "org.meshwork.alerts";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void send(Alert alert) {
        String line = line(alert);
        if (alert.kind() == AlertKind.SLA_RECOVERED) {
            LOG.info("{}", line);
        } else {
            LOG.warn("{}", line);
        }
    }

    /** The alert on one line: line breaks in the message are replaced, so that one alert is one log line. */
    static String line(Alert alert) {
        String product = alert.productId().toString();
        String title = alert.title().startsWith(product + ": ") ? alert.title().substring(product.length() + 2) : alert.title();
        StringBuilder line = new StringBuilder()
                .append(alert.kind().label()).append(' ').append(product).append(": ").append(title)
                .append(" — ").append(alert.message().strip().replaceAll("\\s*\\R\\s*", " | "));
        if (!alert.details().isEmpty()) {
            line.append(alert.details().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ", " [", "]")));
        }
        alert.communicationChannel().ifPresent(channel -> line.append(" channel=").append(channel));
        alert.onCall().ifPresent(onCall -> line.append(" on_call=").append(onCall));
        return line.toString();
    }
}
