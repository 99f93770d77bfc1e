package io.reservoir.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The check the Chinese console is held to: what it finds, and what it lets through. */
class UntranslatedTextTest {

    @Test
    void findsEnglishSentencesMessageKeysAndRawCodes() {
        assertThat(UntranslatedText.in("近 90 天 Order Completed 至少 2 次", List.of()))
                .extracting(found -> found.substring(0, found.indexOf(" in ")))
                .containsExactly("'Order'", "'Completed'");
        assertThat(UntranslatedText.in("已保存 loyalty.programSaved", List.of()))
                .singleElement()
                .asString()
                .startsWith("'loyalty.programSaved'");
        assertThat(UntranslatedText.in("RFM 分层 at_risk", List.of()))
                .singleElement()
                .asString()
                .startsWith("'at_risk'");
        assertThat(UntranslatedText.in("??nav.imports_zh_CN??", List.of())).isNotEmpty();
        assertThat(UntranslatedText.in("customer 13800138000 not found", List.of()))
                .hasSize(3);
    }

    @Test
    void letsDataNamesAndTheTradesWordsThrough() {
        assertThat(UntranslatedText.in(
                        "会员数 1,000 · FAST+ Capital · 客户 c7aw7g425w3grset cmmxbhgdjcqkfejm · 手机 138****8000"
                                + " · SKU A1B2C3 · Asia/Shanghai · 导出 CSV · Brand 1a2b3c4d 的会员",
                        List.of("Brand 1a2b3c4d")))
                .isEmpty();
    }
}
