package org.meshwork.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sample mesh's copy of the guide's DataProductInfrastructure example is the guide's file, unchanged. */
class GuideFileTest {
    private static final Path SHARED = Path.of("../../shared/reference/guide-infrastructure.yaml");
    private static final Path COPY = Path.of("../examples/marketing/marketing-campaign-data.yaml");

    @Test
    void sampleMeshCarriesTheGuidesFileUnchanged() throws Exception {
        assumeTrue(Files.exists(SHARED), "the shared reference folder sits beside the checkout in development and CI");
        assertThat(Files.readAllBytes(COPY)).isEqualTo(Files.readAllBytes(SHARED));
    }
}
