package org.meshwork.platform.pipeline;

import java.util.List;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.quality.CheckResult;

/** Required ({@code error}) quality checks failed: the run's data is not published. */
public class QualityGateException extends MeshException {
    private static final long serialVersionUID = 1L;

    private final transient List<CheckResult> failed;

    public QualityGateException(List<CheckResult> failed) {
        super(ErrorCode.RUN_FAILED, "required quality checks failed, nothing was published: " + failed.stream()
                .map(result -> result.name() + " (" + result.message() + ")")
                .collect(Collectors.joining("; ")));
        this.failed = List.copyOf(failed);
    }

    public List<CheckResult> failed() {
        return failed;
    }
}
