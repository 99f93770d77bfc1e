package io.reservoir.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ApiKeyFilterTest {

    @Test
    void bearerTokensAreTakenAsTheKey() {
        assertThat(ApiKeyFilter.presentedKey("Bearer rsv_m_abc")).contains("rsv_m_abc");
        assertThat(ApiKeyFilter.presentedKey("bearer   rsv_m_abc ")).contains("rsv_m_abc");
    }

    @Test
    void basicAuthTakesTheUserNameAsTheKeyAsSegmentClientsSendIt() {
        String header = "Basic " + Base64.getEncoder().encodeToString("rsv_w_abc:".getBytes());

        assertThat(ApiKeyFilter.presentedKey(header)).contains("rsv_w_abc");
        assertThat(ApiKeyFilter.presentedKey("Basic " + Base64.getEncoder().encodeToString("rsv_w_abc".getBytes())))
                .contains("rsv_w_abc");
    }

    @Test
    void otherOrBrokenHeadersPresentNoKey() {
        assertThat(ApiKeyFilter.presentedKey(null)).isEmpty();
        assertThat(ApiKeyFilter.presentedKey("Digest x")).isEmpty();
        assertThat(ApiKeyFilter.presentedKey("Basic %%%")).isEmpty();
    }
}
