package org.meshwork.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.apply.ApplyPlan;
import org.meshwork.platform.apply.ChangeAction;
import org.meshwork.platform.apply.PlannedChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh apply}: provisions what descriptor files declare, all or nothing. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Apply descriptor files: validate, plan (create/update/unchanged per resource), check ownership, "
                + "and commit every change at once, or nothing.")
final class ApplyCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE|DIR",
            description = "Descriptor files or directories (every *.yaml below them).")
    List<Path> paths;

    @Option(names = "--dry-run", description = "Print the plan; write nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Mesh opened = mesh.openMesh()) {
            UserName actor = opened.actor(mesh.actingUser(), mesh.environment());
            ApplyPlan plan = dryRun ? opened.plan(paths, actor) : opened.apply(paths, actor);
            Output output = mesh.output();
            if (json) {
                output.json(JsonViews.plan(plan, dryRun));
            } else {
                print(output, plan, actor);
            }
            return 0;
        }
    }

    private void print(Output output, ApplyPlan plan, UserName actor) {
        for (Problem warning : plan.warnings()) {
            output.line(ProblemFormat.format(output, warning));
        }
        for (PolicyResult finding : plan.policyFindings()) {
            output.line(PolicyCommand.verdict(output, finding.verdict()) + ": " + finding.describe());
        }
        for (PlannedChange change : plan.changes()) {
            String action = switch (change.action()) {
                case CREATE -> output.style("green", "create   ");
                case UPDATE -> output.style("yellow", "update   ");
                case UNCHANGED -> output.style("faint", "unchanged");
            };
            String kind = change.key().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            output.line(action + " " + kind + " " + output.style("bold", change.key().name())
                    + " (revision " + change.resultingVersion() + ")");
            for (String note : change.notes()) {
                output.line("            " + note);
            }
        }
        String counts = plan.count(ChangeAction.CREATE) + " created, " + plan.count(ChangeAction.UPDATE) + " updated, "
                + plan.count(ChangeAction.UNCHANGED) + " unchanged";
        if (dryRun) {
            output.line("Dry run as " + actor + ": would apply " + counts + ". Nothing was written.");
        } else {
            output.line("Applied as " + actor + ": " + counts + ".");
        }
    }
}
