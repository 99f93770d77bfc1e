package io.reservoir.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A shop's own export (UCI "Online Retail II"-like): lines, returns, currencies, zones, ids. */
class ShopExportMappingTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Row.Header HEADER = Row.Header.of(Arrays.asList(
                    "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country".split(",")))
            .renamed(Map.of(
                    "order_id", "Invoice",
                    "product_id", "StockCode",
                    "product_name", "Description",
                    "quantity", "Quantity",
                    "paid_at", "InvoiceDate",
                    "price", "Price",
                    "member_no", "Customer ID"));

    final MessageFactory plain = new MessageFactory(JSON, null, null);

    @Test
    void anOrderWithoutTotalIsTheExactSumOfPriceTimesQuantity() {
        List<Row> lines = List.of(
                row(2, "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2009-12-01 07:45,2.55,13085,UK"),
                row(3, "536365,71053,WHITE METAL LANTERN,3,2009-12-01 07:45,1.15,13085,UK"),
                row(4, "536365,84406B,CREAM CUPID HEARTS COAT HANGER,8,2009-12-01 07:45,0.10,13085,UK"));

        ObjectNode order = messages(new OrderMapping(plain), lines).get(0);

        // 15.30 + 3.45 + 0.80: in binary floating point 1.15 × 3 is 3.4499999999999997
        assertThat(order.path("properties").path("total").asString()).isEqualTo("19.55");
        assertThat(order.path("properties").path("products")).hasSize(3);
        assertThat(order.path("properties").path("Country").asString()).isEqualTo("UK");
        assertThat(order.path("context").path("identities").path("member_no").asString())
                .isEqualTo("13085");
    }

    @Test
    void aUnitPriceMayBeAFractionOfAFenAndTheTotalIsRoundedToTheFen() {
        List<Row> lines = List.of(
                row(2, "536370,PADS,PADS TO MATCH ALL CUSHIONS,5,2009-12-01 08:45,0.001,12583,France"),
                row(3, "536370,22728,ALARM CLOCK BAKELIKE PINK,24,2009-12-01 08:45,3.75,12583,France"));

        ObjectNode order = messages(new OrderMapping(plain), lines).get(0);

        assertThat(order.path("properties").path("total").asString()).isEqualTo("90.01"); // 90.005
        assertThat(order.path("properties")
                        .path("products")
                        .get(0)
                        .path("price")
                        .asString())
                .isEqualTo("0.001");
        Money gbp = new Money("GBP", Map.of("GBP", new BigDecimal("9.1234")), brand -> "CNY");
        ObjectNode converted = messages(
                        new OrderMapping(new MessageFactory(JSON, null, null, Cells.ZONE, gbp, false)), lines)
                .get(0);
        // 90.01 GBP (90.005 rounded) × 9.1234 = 821.197234 → 821.20; a pad of 0.001 GBP is 0.009 yuan
        assertThat(converted.path("properties").path("total").asString()).isEqualTo("821.20");
        assertThat(converted
                        .path("properties")
                        .path("products")
                        .get(0)
                        .path("price")
                        .asString())
                .isEqualTo("0.009");
        assertThatThrownBy(() -> new OrderMapping(plain)
                        .map(List.of(row(4, "536371,X,x,1,2009-12-01 08:45,0.00001,12583,France"))))
                .hasMessageContaining("'0.00001' is not a price with at most 4 decimals");
    }

    @Test
    void aReturnInvoiceIsRejectedAsNegativeUnlessReturnsAreAskedFor() {
        List<Row> lines = List.of(
                row(2, "C536379,D,Discount,-1,2009-12-01 09:41,27.50,14527,UK"),
                row(3, "C536379,21533,RETRO SPOT LARGE MILK JUG,-2,2009-12-01 09:41,4.95,14527,UK"));

        assertThatThrownBy(() -> new OrderMapping(plain).map(lines))
                .isInstanceOf(RowRejected.class)
                .hasMessageStartingWith("is negative (-37.40): a return?")
                .hasMessageContaining("--negative-orders returns");

        ObjectNode refund = messages(new OrderMapping(plain, ImportRequest.NegativeOrders.RETURNS), lines)
                .get(0);
        assertThat(refund.path("event").asString()).isEqualTo("Order Refunded");
        assertThat(refund.path("messageId").asString()).isEqualTo("import:refunds:C536379");
        assertThat(refund.path("properties").path("refund_id").asString()).isEqualTo("C536379");
        assertThat(refund.path("properties").has("order_id")).isFalse();
        assertThat(refund.path("properties").path("total").asString()).isEqualTo("37.40");
        assertThat(refund.path("properties").path("products").findValues("quantity"))
                .extracting(n -> n.asInt())
                .containsExactly(1, 2);
    }

    @Test
    void aNegativeTotalColumnIsAReturnToo() {
        Row.Header header = Row.Header.of(List.of("order_id", "phone", "paid_at", "total"));
        List<Row> order = List.of(row(header, 2, "R-9,13800138000,2025-06-18 20:00,-12.5"));

        assertThatThrownBy(() -> new OrderMapping(plain).map(order))
                .isInstanceOf(RowRejected.class)
                .satisfies(e -> assertThat(((RowRejected) e).field()).isEqualTo("total"))
                .hasMessageStartingWith("is negative (-12.5): a return?");
        ObjectNode refund = messages(new OrderMapping(plain, ImportRequest.NegativeOrders.RETURNS), order)
                .get(0);
        assertThat(refund.path("properties").path("total").asString()).isEqualTo("12.50");
        assertThat(refund.path("context").path("identities").path("phone").asString())
                .isEqualTo("13800138000");
    }

    @Test
    void anOrderWithBothBoughtAndReturnedLinesIsRejectedNamingTheQuantity() {
        List<Row> lines = List.of(
                row(2, "536400,A,a,2,2009-12-01 09:41,1.00,14527,UK"),
                row(3, "536400,B,b,-1,2009-12-01 09:41,1.00,14527,UK"));

        assertThatThrownBy(() -> new OrderMapping(plain).map(lines))
                .isInstanceOf(RowRejected.class)
                .satisfies(e -> assertThat(((RowRejected) e).field()).isEqualTo("quantity"))
                .hasMessageContaining("'-1' is negative in order 536400 whose other lines are not");
    }

    @Test
    void amountsInAnotherCurrencyAreConvertedAtTheRateOrRejectedNamingTheCurrencyAndTheOption() {
        Money gbpFile = new Money("GBP", Map.of("GBP", new BigDecimal("9.1234")), brand -> "CNY");
        MessageFactory converting = new MessageFactory(JSON, null, null, ZoneId.of("Europe/London"), gbpFile, false);
        List<Row> lines = List.of(row(2, "536365,85123A,HEART,6,2009-12-01 07:45,2.55,13085,UK"));

        ObjectNode order = messages(new OrderMapping(converting), lines).get(0);

        // 15.30 GBP × 9.1234 = 139.58802 → 139.59 (half up)
        assertThat(order.path("properties").path("total").asString()).isEqualTo("139.59");
        assertThat(order.path("properties").path("currency").asString()).isEqualTo("CNY");
        assertThat(order.path("properties").path("original_currency").asString())
                .isEqualTo("GBP");
        assertThat(order.path("properties").path("original_total").asString()).isEqualTo("15.30");
        assertThat(order.path("properties")
                        .path("products")
                        .get(0)
                        .path("price")
                        .asString())
                .isEqualTo("23.26");
        assertThat(order.path("timestamp").asString()).isEqualTo("2009-12-01T07:45:00Z");

        MessageFactory noRate =
                new MessageFactory(JSON, null, null, Cells.ZONE, new Money("GBP", Map.of(), brand -> "CNY"), false);
        assertThatThrownBy(() -> new OrderMapping(noRate).map(lines))
                .isInstanceOf(RowRejected.class)
                .satisfies(e -> assertThat(((RowRejected) e).field()).isEqualTo("currency"))
                .hasMessageContaining("is GBP but the brand keeps its books in CNY: give --rate GBP=");
    }

    @Test
    void timesWithoutOffsetAreReadInTheGivenZone() {
        assertThat(Cells.time("paid_at", "2010-07-01 12:00", ZoneId.of("Europe/London")))
                .isEqualTo("2010-07-01T12:00:00+01:00");
        assertThatThrownBy(() -> Cells.time("paid_at", "01/07/2010", ZoneId.of("Europe/London")))
                .hasMessageContaining("(Europe/London)");
    }

    @Test
    void timesASpreadsheetWroteAreReadByTheGivenPatternInTheGivenZone() {
        TimePattern monthFirst = TimePattern.of("M/d/yyyy H:mm");
        ZoneId london = ZoneId.of("Europe/London");

        assertThat(monthFirst.read("paid_at", "12/1/2010 8:26", london)).isEqualTo("2010-12-01T08:26:00Z");
        assertThat(monthFirst.read("paid_at", "7/1/2010 12:00", london)).isEqualTo("2010-07-01T12:00:00+01:00");
        assertThat(TimePattern.of("dd.MM.yyyy").read("paid_at", "01.07.2010", london))
                .isEqualTo("2010-07-01T00:00:00+01:00");
        assertThatThrownBy(() -> monthFirst.read("paid_at", "2010-12-01 08:26", london))
                .isInstanceOf(RowRejected.class)
                .hasMessageContaining("is not a date and time written as M/d/yyyy H:mm (--date-format)");
        assertThatThrownBy(() -> monthFirst.read("paid_at", "13/1/2010 8:26", london))
                .isInstanceOf(RowRejected.class);
        assertThatThrownBy(() -> TimePattern.of("M/d/yyyy {H}"))
                .isInstanceOf(ImportRefused.class)
                .hasMessageContaining("--date-format");
    }

    @Test
    void identityValuesLikeASpreadsheetsWholeNumberAreKeptAsWrittenAndCountedOrReadAsIntegersOnRequest() {
        List<Row> lines = List.of(row(2, "536365,85123A,HEART,6,2009-12-01 07:45,2.55,17850.0,UK"));

        MessageFactory asWritten = new MessageFactory(JSON, null, null);
        ObjectNode kept = messages(new OrderMapping(asWritten), lines).get(0);
        MessageFactory integers = new MessageFactory(JSON, null, null, Cells.ZONE, Money.none(), true);
        ObjectNode whole = messages(new OrderMapping(integers), lines).get(0);

        assertThat(kept.path("context").path("identities").path("member_no").asString())
                .isEqualTo("17850.0");
        asWritten.countDecimalIds(lines.get(0));
        assertThat(asWritten.decimalIds()).containsExactly(Map.entry("member_no", 1L));
        assertThat(whole.path("context").path("identities").path("member_no").asString())
                .isEqualTo("17850");
        assertThat(Cells.integerRendering("17850.00")).isEqualTo("17850");
        assertThat(Cells.integerRendering("17850.5")).isNull();
    }

    @Test
    void anOrderOfAThousandLinesFitsIntakesLimitForAnOrderEvent() {
        List<Row> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add(row(
                    i + 2,
                    "581483,SKU-" + i + "-LONGER-STOCK-CODE,\"" + "PAPER CRAFT , LITTLE BIRDIE WITH A LONG NAME " + i
                            + "\",80995,2011-12-09 09:15,2.08,16446,United Kingdom"));
        }

        ObjectNode order = messages(new OrderMapping(plain), lines).get(0);

        assertThat(order.path("properties").path("products")).hasSize(1000);
        assertThat(JSON.writeValueAsBytes(order).length).isLessThan(480 * 1024);
    }

    @Test
    void aRefundOfLinesIsTheSumOfItsLinesAndNamesTheOrderWhenKnown() {
        Row.Header header = Row.Header.of(
                Arrays.asList("refund_id,order_id,phone,refunded_at,product_id,price,quantity,brand".split(",")));
        List<Row> lines = List.of(
                row(header, 2, "RF-1,O-9,13800138000,2025-06-20 10:00,p1,10.00,2,B1"),
                row(header, 3, "RF-1,O-9,13800138000,2025-06-20 10:00,p2,5.50,1,B1"));

        ObjectNode refund = messages(new RefundMapping(plain), lines).get(0);

        assertThat(refund.path("messageId").asString()).isEqualTo("import:refunds:B1:RF-1");
        assertThat(refund.path("event").asString()).isEqualTo("Order Refunded");
        assertThat(refund.path("properties").path("refund_id").asString()).isEqualTo("RF-1");
        assertThat(refund.path("properties").path("order_id").asString()).isEqualTo("O-9");
        assertThat(refund.path("properties").path("total").asString()).isEqualTo("25.50");
        assertThat(refund.path("timestamp").asString()).isEqualTo("2025-06-20T10:00:00+08:00");
        assertThatThrownBy(() -> new RefundMapping(plain)
                        .map(List.of(row(
                                Row.Header.of(List.of("refund_id", "phone", "refunded_at", "amount")),
                                2,
                                "RF-2,13800138000,2025-06-20 10:00,-3"))))
                .hasMessageContaining("'-3' is negative");
    }

    @Test
    void aColumnMappingToAColumnTheFileLacksIsRefusedNamingIt() {
        assertThatThrownBy(() -> Row.Header.of(List.of("Invoice", "Price")).renamed(Map.of("order_id", "Facture")))
                .isInstanceOf(ImportRefused.class)
                .hasMessageContaining("--column: order_id=Facture: the file has no column 'Facture'");
    }

    private static List<ObjectNode> messages(RowMapping mapping, List<Row> rows) {
        return ((RowMapping.Mapped.Messages) mapping.map(rows)).messages();
    }

    private static Row row(long number, String line) {
        return row(HEADER, number, line);
    }

    private static Row row(Row.Header header, long number, String line) {
        try (CsvReader reader = new CsvReader(
                new java.io.ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8,
                0,
                number)) {
            return new Row.Csv(header, reader.next().fields(), number, 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
