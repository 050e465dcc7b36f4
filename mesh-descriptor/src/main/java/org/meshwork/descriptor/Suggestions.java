package org.meshwork.descriptor;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for misspelt keys and values: the closest candidate by Levenshtein distance, if close enough. */
final class Suggestions {
    private Suggestions() {}

    /** The candidate closest to {@code input}, when at most about a third of its letters differ. */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String lowered = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lowered, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, Math.max(input.length(), best == null ? 0 : best.length()) / 3);
        return best != null && bestDistance <= allowed && !best.equals(input) ? Optional.of(best) : Optional.empty();
    }

    /** The hint text for {@link #closest}, e.g. {@code did you mean 'threshold'?}. */
    static Optional<String> didYouMean(String input, Collection<String> candidates) {
        return closest(input, candidates).map(candidate -> "did you mean '" + candidate + "'?");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
