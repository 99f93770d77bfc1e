package io.reservoir.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RowMappingTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    final MessageFactory messages = new MessageFactory(JSON, null, null);

    @Test
    void amountsAreYuanWithAtMostTwoDecimals() {
        assertThat(Cells.amount("total", "199")).isEqualTo("199");
        assertThat(Cells.amount("total", "¥199.50")).isEqualTo("199.50");
        for (String bad : List.of("12,3x", "1,299.00", "1.999", "", "abc", "1e3")) {
            assertThatThrownBy(() -> Cells.amount("total", bad))
                    .isInstanceOf(RowRejected.class)
                    .hasMessageContaining("'" + bad + "' is not an amount in yuan with at most 2 decimals");
        }
    }

    @Test
    void aNegativeAmountIsSaidToBeNegative() {
        assertThatThrownBy(() -> Cells.amount("total", "-5"))
                .isInstanceOf(RowRejected.class)
                .hasMessage("'-5' is negative: an amount is 0 or more (a return is a refund)");
    }

    @Test
    void timesWithoutOffsetAreShanghaiTime() {
        assertThat(Cells.time("paid_at", "2025-11-11 00:01:02")).isEqualTo("2025-11-11T00:01:02+08:00");
        assertThat(Cells.time("paid_at", "2025/1/2 8:05")).isEqualTo("2025-01-02T08:05:00+08:00");
        assertThat(Cells.time("paid_at", "2025-01-02")).isEqualTo("2025-01-02T00:00:00+08:00");
        assertThat(Cells.time("paid_at", "2025-01-02T03:04:05Z")).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(Cells.time("paid_at", "2025-01-02 03:04:05+0100")).isEqualTo("2025-01-02T03:04:05+01:00");
    }

    @Test
    void impossibleOrUnreadableDatesAreRejectedNamingTheColumn() {
        assertThatThrownBy(() -> Cells.time("paid_at", "2025-02-30 10:00"))
                .isInstanceOf(RowRejected.class)
                .satisfies(e -> assertThat(((RowRejected) e).field()).isEqualTo("paid_at"))
                .hasMessageContaining("not a valid date");
        assertThatThrownBy(() -> Cells.time("paid_at", "yesterday")).hasMessageContaining("is not a date and time");
        assertThatThrownBy(() -> Cells.date("birthday", "1990-13-01")).hasMessageContaining("not a valid date");
    }

    @Test
    void anOrderWithItemRowsBecomesOneOrderCompletedWithItsProductsAndARefund() {
        Row.Header header = header("order_id,member_no,paid_at,total,refunded,product_id,quantity,price,store");
        List<Row> group = List.of(
                row(header, 2, "A-1,M7,2025-06-18 20:00,300.00,50,p1,2,100.00,西湖店"),
                row(header, 3, "A-1,M7,2025-06-18 20:00,300.00,50,p2,1,100.00,西湖店"));
        OrderMapping mapping = new OrderMapping(messages);

        List<ObjectNode> out = ((RowMapping.Mapped.Messages) mapping.map(group)).messages();

        assertThat(out).hasSize(2);
        ObjectNode order = out.get(0);
        assertThat(order.path("messageId").asString()).isEqualTo("import:orders:A-1");
        assertThat(order.path("event").asString()).isEqualTo("Order Completed");
        assertThat(order.path("timestamp").asString()).isEqualTo("2025-06-18T20:00:00+08:00");
        assertThat(order.path("context").path("identities").path("member_no").asString())
                .isEqualTo("M7");
        assertThat(order.path("properties").path("total").asString()).isEqualTo("300.00");
        assertThat(order.path("properties").path("store").asString()).isEqualTo("西湖店");
        assertThat(order.path("properties").path("products").findValuesAsString("product_id"))
                .containsExactly("p1", "p2");
        assertThat(out.get(1).path("messageId").asString()).isEqualTo("import:orders:A-1:refund");
        assertThat(out.get(1).path("properties").path("total").asString()).isEqualTo("50");
    }

    @Test
    void orderRowsWithoutIdWithABadAmountOrWithoutIdentityAreRejectedNamingTheColumn() {
        Row.Header header = header("order_id,phone,paid_at,total");
        OrderMapping mapping = new OrderMapping(messages);

        assertRejected(mapping, row(header, 2, ",13800138000,2025-06-18 20:00,10"), "order_id", "is required");
        assertRejected(
                mapping,
                row(header, 3, "A-2,13800138000,2025-06-18 20:00,\"12,3x\""),
                "total",
                "'12,3x' is not an amount");
        assertRejected(mapping, row(header, 4, "A-3,13800138000,18/06/2025,10"), "paid_at", "not a date and time");
        assertRejected(mapping, row(header, 5, "A-4,,2025-06-18 20:00,10"), "identity", "no customer identity");
    }

    @Test
    void itemRowsOfOneOrderMustAgreeOnTheTotal() {
        Row.Header header = header("order_id,phone,paid_at,total");
        List<Row> group = List.of(
                row(header, 2, "A-5,13800138000,2025-06-18 20:00,10"),
                row(header, 3, "A-5,13800138000,2025-06-18 20:00,11"));

        assertThatThrownBy(() -> new OrderMapping(messages).map(group)).hasMessageContaining("disagree on the total");
    }

    @Test
    void aMemberRowBecomesAnIdentifyWithTraitsAndAMemberJoined() {
        Row.Header header = header("member_no,phone,name,birthday,city,joined_at,channel");
        Row row = row(header, 2, "M1,13800138000,王小明,1990/5/20,杭州,2024-01-01 10:00,tmall");

        List<ObjectNode> out = ((RowMapping.Mapped.Messages) new MemberMapping(messages).map(List.of(row))).messages();

        ObjectNode identify = out.get(0);
        assertThat(identify.path("type").asString()).isEqualTo("identify");
        assertThat(identify.path("messageId").asString()).startsWith("import:members:M1:");
        assertThat(identify.path("traits").path("birthday").asString()).isEqualTo("1990-05-20");
        assertThat(identify.path("traits").path("name").asString()).isEqualTo("王小明");
        assertThat(identify.path("traits").path("phone").asString()).isEqualTo("13800138000");
        assertThat(identify.path("context").path("channel").asString()).isEqualTo("tmall");
        assertThat(identify.path("traits").has("joined_at")).isFalse();
        assertThat(out.get(1).path("event").asString()).isEqualTo("Member Joined");
        assertThat(out.get(1).path("messageId").asString()).isEqualTo("import:members:joined:M1");
    }

    @Test
    void theSameMemberRowAlwaysGetsTheSameMessageIdAndAChangedRowANewOne() {
        Row.Header header = header("member_no,city");
        MemberMapping mapping = new MemberMapping(messages);

        String first = id(mapping, row(header, 2, "M1,杭州"));
        String again = id(mapping, row(header, 9, "M1,杭州"));
        String moved = id(mapping, row(header, 2, "M1,上海"));

        assertThat(again).isEqualTo(first);
        assertThat(moved).isNotEqualTo(first);
    }

    @Test
    void aTmallOrderClosedUnpaidIsSkippedAndARefundBecomesOrderRefunded() {
        Row.Header header = header("订单编号,买家会员名,买家实际支付金额,订单状态,订单付款时间,退款金额,联系手机");
        TmallOrderMapping mapping = new TmallOrderMapping(new MessageFactory(JSON, null, "tmall"));

        RowMapping.Mapped closed = mapping.map(List.of(row(header, 2, "=\"39001\",nick1,0.00,交易关闭,,0,")));
        List<ObjectNode> refunded = ((RowMapping.Mapped.Messages) mapping.map(
                        List.of(row(header, 3, "=\"39002\",nick2,88.00,交易关闭,2025-11-11 00:00:01,88.00,138****0000"))))
                .messages();

        assertThat(closed).isEqualTo(new RowMapping.Mapped.Skipped("交易关闭 without payment"));
        assertThat(refunded)
                .extracting(m -> m.path("event").asString())
                .containsExactly("Order Completed", "Order Refunded");
        ObjectNode order = refunded.get(0);
        assertThat(order.path("properties").path("order_id").asString()).isEqualTo("39002");
        assertThat(order.path("context").path("channel").asString()).isEqualTo("tmall");
        assertThat(order.path("context").path("identities").path("taobao_nick").asString())
                .isEqualTo("nick2");
        assertThat(order.path("context").path("identities").has("phone"))
                .as("a masked phone is no identity")
                .isFalse();
    }

    @Test
    void anEventsCsvRowFillsPropertiesTraitsAndIdentities() {
        Row.Header header = header("event,user_id,timestamp,properties.product_id,properties.products,phone");
        Row row = row(
                header, 2, "Product Viewed,u1,2025-01-01 08:00,p9,\"[{\"\"product_id\"\":\"\"p9\"\"}]\",13800138000");

        ObjectNode message = ((RowMapping.Mapped.Messages) new EventMapping(messages, JSON).map(List.of(row)))
                .messages()
                .get(0);

        assertThat(message.path("type").asString()).isEqualTo("track");
        assertThat(message.path("userId").asString()).isEqualTo("u1");
        assertThat(message.path("messageId").asString()).startsWith("import:events:");
        assertThat(message.path("properties").path("product_id").asString()).isEqualTo("p9");
        assertThat(message.path("properties").path("products").isArray()).isTrue();
        assertThat(message.path("context").path("identities").path("phone").asString())
                .isEqualTo("13800138000");
    }

    private static String id(MemberMapping mapping, Row row) {
        return ((RowMapping.Mapped.Messages) mapping.map(List.of(row)))
                .messages()
                .get(0)
                .path("messageId")
                .asString();
    }

    private static void assertRejected(RowMapping mapping, Row row, String field, String reason) {
        assertThatThrownBy(() -> mapping.map(List.of(row)))
                .isInstanceOf(RowRejected.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((RowRejected) e).field()).isEqualTo(field));
    }

    private static Row.Header header(String line) {
        return Row.Header.of(Arrays.asList(line.split(",", -1)));
    }

    /** A row parsed the way the importer parses it. */
    private static Row row(Row.Header header, long number, String line) {
        try (CsvReader reader = new CsvReader(
                new java.io.ByteArrayInputStream(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                java.nio.charset.StandardCharsets.UTF_8,
                0,
                number)) {
            return new Row.Csv(header, reader.next().fields(), number, 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
