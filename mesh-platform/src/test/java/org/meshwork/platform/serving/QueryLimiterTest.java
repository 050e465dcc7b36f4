package org.meshwork.platform.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.UserName;

class QueryLimiterTest {

    @Test
    void eachPrincipalHasItsOwnSlotsAndReleasingTwiceFreesOne() {
        QueryLimiter limiter = new QueryLimiter(2);
        UserName ana = UserName.of("ana");
        Runnable first = limiter.acquire(ana);
        limiter.acquire(ana);
        limiter.acquire(UserName.of("bob"));
        assertThatThrownBy(() -> limiter.acquire(ana)).isInstanceOf(MeshException.class)
                .extracting(e -> ((MeshException) e).errorCode()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
        first.run();
        first.run();
        assertThat(limiter.running(ana)).isEqualTo(1);
        limiter.acquire(ana);
        assertThat(limiter.running(ana)).isEqualTo(2);
    }
}
