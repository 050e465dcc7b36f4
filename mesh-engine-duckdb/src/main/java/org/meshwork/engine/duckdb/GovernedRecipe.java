package org.meshwork.engine.duckdb;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.engine.SessionOptions;

/**
 * Everything a governed database is built from, rendered: the {@code CREATE VIEW} statement of each view (columns,
 * masks with the salt, row filter, the snapshot's files), the files {@code allowed_paths} will list, and the engine
 * settings. Two recipes are equal exactly when they would run the same statements with the same settings, so a database
 * built from one is indistinguishable from a database built from the other: that equality is the session pool's key.
 * The run id of the options is left out (it names no state of the database).
 */
final class GovernedRecipe {

    private final SessionOptions options;
    private final List<GovernedView> views;
    private final Key key;

    /** The part that decides what the database holds, compared by value. */
    private record Key(List<String> viewStatements, List<Path> files, String salt, Optional<String> memoryLimit,
            OptionalInt threads, Optional<Path> tempDirectory) {}

    private GovernedRecipe(SessionOptions options, List<GovernedView> views, Key key) {
        this.options = options;
        this.views = views;
        this.key = key;
    }

    static GovernedRecipe of(SessionOptions options, String maskSalt, List<GovernedView> views) {
        GovernedSql.requireSalt(maskSalt);
        Set<ProductId> distinct = views.stream().map(GovernedView::product).collect(Collectors.toSet());
        InvalidArgumentException.check(distinct.size() == views.size(), "a product is given twice");
        List<String> statements = views.stream().map(view -> GovernedSql.createView(view, maskSalt)).toList();
        return new GovernedRecipe(options, List.copyOf(views), new Key(statements, GovernedSql.files(views), maskSalt,
                options.memoryLimit().map(String::trim), options.threads(),
                options.tempDirectory().map(path -> path.toAbsolutePath().normalize())));
    }

    SessionOptions options() {
        return options;
    }

    List<GovernedView> views() {
        return views;
    }

    List<String> viewStatements() {
        return key.viewStatements();
    }

    List<Path> files() {
        return key.files();
    }

    Set<ProductId> products() {
        return views.stream().map(GovernedView::product).collect(Collectors.toSet());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GovernedRecipe recipe && key.equals(recipe.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        // never the statements: they hold the salt
        return "recipe of " + views.stream().map(view -> view.product().toString()).collect(Collectors.joining(", "));
    }
}
