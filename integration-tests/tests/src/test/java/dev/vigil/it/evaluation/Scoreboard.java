package dev.vigil.it.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation's table: per attack type, sources caught (recall), requests and seconds to the first
 * refusal (medians over the caught sources) and the share of the attack's requests refused; per kind
 * of benign caller, how many were ever refused.
 */
final class Scoreboard {
    private Scoreboard() {}

    static String table(List<Caller> benign, List<Caller> attacks, String audit) {
        StringBuilder out = new StringBuilder();
        out.append("| attack | sources | caught | recall | requests to detection | seconds to detection | attack requests refused |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Caller>> kind : byKind(attacks).entrySet()) {
            List<Caller> sources = kind.getValue();
            int caught = 0;
            List<Double> requests = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            long sent = 0;
            long refused = 0;
            for (Caller source : sources) {
                if (source.caught(audit)) {
                    caught++;
                    if (source.sentBeforeRefusal() >= 0) {
                        requests.add((double) source.sentBeforeRefusal());
                        seconds.add(source.secondsToRefusal());
                    }
                }
                sent += source.sent();
                refused += source.refused();
            }
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %s | %s | %s |%n", kind.getKey(), sources.size(), caught, (double) caught / sources.size(),
                    median(requests, "%.0f"), median(seconds, "%.1f"), sent == 0 ? "—" : String.format(Locale.ROOT, "%.1f %% of %d", 100.0 * refused / sent, sent)));
        }
        out.append("\n| benign callers | callers | requests | ever refused | share |\n|---|---|---|---|---|\n");
        int all = 0;
        int affectedAll = 0;
        for (Map.Entry<String, List<Caller>> kind : byKind(benign).entrySet()) {
            int affected = 0;
            long sent = 0;
            for (Caller caller : kind.getValue()) {
                affected += caller.refusedYet() ? 1 : 0;
                sent += caller.sent();
            }
            all += kind.getValue().size();
            affectedAll += affected;
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f %% |%n", kind.getKey(), kind.getValue().size(), sent, affected, 100.0 * affected / kind.getValue().size()));
        }
        out.append(String.format(Locale.ROOT, "| **all** | %d | | %d | %.2f %% |%n", all, affectedAll, 100.0 * affectedAll / all));
        return out.toString();
    }

    private static Map<String, List<Caller>> byKind(List<Caller> callers) {
        Map<String, List<Caller>> kinds = new LinkedHashMap<>();
        for (Caller caller : callers) {
            kinds.computeIfAbsent(caller.kind, k -> new ArrayList<>()).add(caller);
        }
        return kinds;
    }

    private static String median(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "—";
        }
        values.sort(null);
        return String.format(Locale.ROOT, format, values.get(values.size() / 2));
    }
}
