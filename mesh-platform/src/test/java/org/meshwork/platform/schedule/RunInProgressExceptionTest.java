package org.meshwork.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.meshwork.api.ErrorCategory;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.ProductId;

class RunInProgressExceptionTest {

    @Test
    void isAConflictNamingTheProduct() {
        RunInProgressException exception = new RunInProgressException(ProductId.parse("dp.sales.orders"));

        assertThat(exception.errorCode()).isEqualTo(ErrorCode.RUN_IN_PROGRESS);
        assertThat(exception.errorCode().category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(exception.errorCode().httpStatus()).isEqualTo(409);
        assertThat(exception).hasMessageContaining("dp.sales.orders is already in progress");
    }
}
