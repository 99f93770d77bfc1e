package io.reservoir.support;

/** Tmall/Taobao order exports as the seller back end writes them (GBK, ="…" order numbers, masked phones). */
public final class TmallExports {

    /**
     * Three orders: 3901 paid (199.00), 3902 closed unpaid (skipped), 3903 paid and refunded in
     * full (120.00); buyers tb_小明 (phone 13800138001), tb_小红, tb_小刚.
     */
    public static final String THREE_ORDERS = """
            订单编号,买家会员名,买家应付货款,买家实际支付金额,订单状态,订单创建时间,订单付款时间,宝贝标题,宝贝总数量,退款金额,收货人姓名,联系手机,收货地址,店铺名称
            ="3901",tb_小明,199.00,199.00,交易成功,2025-11-11 00:00:01,2025-11-11 00:00:05,"羊毛围巾, 灰色",1,0.00,王小明,'13800138001,浙江省 杭州市 西湖区 文三路1号,西湖旗舰店
            ="3902",tb_小红,88.00,0.00,交易关闭,2025-11-11 00:01:00,,保温杯,1,0.00,李小红,138****0002,上海 上海市 浦东新区,西湖旗舰店
            ="3903",tb_小刚,120.00,120.00,交易关闭,2025-11-11 00:02:00,2025-11-11 00:02:30,帽子,2,120.00,赵小刚,13800138003,北京 北京市 朝阳区,西湖旗舰店
            """;

    private TmallExports() {}
}
