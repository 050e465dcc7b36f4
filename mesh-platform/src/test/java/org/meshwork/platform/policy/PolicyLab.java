package org.meshwork.platform.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.platform.Mesh;

/**
 * The workspace the policy tests share: olivia is the platform admin, carol's lab-team owns the domain lab, sam's
 * sales-domain-team the domain sales; {@link #product} writes the lab's one CSV-fed product with extra spec lines and
 * {@link #policy} a global policy with the given enforcement, stage and CEL rule.
 */
final class PolicyLab implements AutoCloseable {
    static final UserName ADMIN = UserName.of("olivia");
    static final UserName CAROL = UserName.of("carol");
    static final UserName SAM = UserName.of("sam");
    static final ProductId EVENTS = ProductId.parse("dp.lab.events");

    final Path directory;
    final Mesh mesh;

    PolicyLab(Path directory) throws IOException {
        this.directory = directory;
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), """
                environment: dev
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  lab-team: {members: [carol]}
                  sales-domain-team: {members: [sam]}
                """);
        mesh = Mesh.open(home, Map.of());
        Files.writeString(directory.resolve("events.csv"), "event_id,kind\n1,login\n2,query\n3,query\n");
        mesh.apply(List.of(write("domains.yaml", """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: lab}
                spec: {description: Lab, owner_team: lab-team}
                ---
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: sales}
                spec: {description: Sales, owner_team: sales-domain-team}
                """)), ADMIN);
    }

    @Override
    public void close() {
        mesh.close();
    }

    Path write(String name, String text) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    Path product(String extraSpec) throws IOException {
        return write("events.yaml", """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: lab-team
                  version: 1.0.0
                  sources:
                    - {name: events, type: csv, path: events.csv, columns: {event_id: BIGINT NOT NULL, kind: VARCHAR}}
                  transform: {sql: "SELECT event_id, kind FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: kind, type: VARCHAR}
                """ + extraSpec);
    }

    Path policy(String name, String enforcement, String stage, String rule) throws IOException {
        return write(name + ".yaml", """
                apiVersion: platform/v1
                kind: GlobalPolicy
                metadata: {name: %s}
                spec:
                  description: test policy %s
                  enforcement: %s
                  stage: %s
                  rule: "%s"
                  message: %s says no
                """.formatted(name, name, enforcement, stage, rule, name));
    }
}
