package dev.preflight.support;

import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Short-hands for tests. */
public final class Inspect {
    private Inspect() {
    }

    public static InspectionReport run(Path p) {
        return run(p.toString(), false);
    }

    public static InspectionReport run(String p, boolean deep) {
        return new InspectionService().inspect(p, new InspectOptions(deep), ProgressListener.NONE,
                CancellationToken.none());
    }

    public static List<FindingCode> codes(InspectionReport r) {
        return r.findings().stream().map(Finding::code).collect(Collectors.toList());
    }
}
