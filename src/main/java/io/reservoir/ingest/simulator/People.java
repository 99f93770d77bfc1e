package io.reservoir.ingest.simulator;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The simulated population, one slot per person in flat arrays (about 40 bytes a person, so a
 * million members fit in some 60 MB); their events are generated day by day and never kept.
 * People are numbered in order of their first appearance, so those present by a day are a prefix.
 *
 * <p>Identities are derived from the person's number and the seed through a bijective mix, so they
 * never collide within a run (two people sharing a phone would be merged) and differ between seeds.
 */
final class People {

    static final int NONE = -1;

    // flags
    static final int MEMBER = 1;
    static final int PHONE = 1 << 1;
    static final int KOC = 1 << 2;
    static final int STORE = 1 << 3;
    static final int GROUP = 1 << 4;
    static final int LIVE = 1 << 5;
    static final int SUBSCRIPTION = 1 << 6;
    static final int OFFICIAL_ACCOUNT = 1 << 7;
    static final int DEDICATED_CS = 1 << 8;
    static final int JOINED = 1 << 9;

    private static final String[] PHONE_PREFIXES = {
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157", "158",
        "159", "166", "176", "177", "178", "180", "181", "182", "183", "186", "187", "188", "189", "191", "198", "199"
    };
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂欣怡梓涵子轩浩然雨彤佳琪思远晨曦";
    private static final String[][] CITIES = {
        {"上海", "上海"}, {"北京", "北京"}, {"广州", "广东"}, {"深圳", "广东"}, {"杭州", "浙江"}, {"成都", "四川"},
        {"武汉", "湖北"}, {"南京", "江苏"}, {"重庆", "重庆"}, {"西安", "陕西"}, {"苏州", "江苏"}, {"长沙", "湖南"},
        {"天津", "天津"}, {"郑州", "河南"}, {"青岛", "山东"}, {"厦门", "福建"}, {"昆明", "云南"}, {"沈阳", "辽宁"}
    };

    final int count;
    final int[] arrival;
    final byte[] channel;
    final byte[] second;
    final int[] secondDay;
    final int[] linkDay;
    final int[] memberDay;
    final int[] consentDay;
    final float[] weight;
    final byte[] brand;
    final short[] guide;
    final int[] flags;
    final double meanWeight;
    private final long seed;

    /**
     * Draws {@code members} people who will join and half as many who will not, with their arrival
     * day, channels, spending weight (Pareto: a few people buy most) and the days of their milestones.
     */
    People(SimulationSettings settings, int brands, SplittableRandom random) {
        this.seed = settings.seed();
        int members = settings.members();
        int days = settings.days();
        count = members + members / 2;
        arrival = arrivals(settings, random);
        channel = new byte[count];
        second = new byte[count];
        secondDay = new int[count];
        linkDay = new int[count];
        memberDay = new int[count];
        consentDay = new int[count];
        weight = new float[count];
        brand = new byte[count];
        guide = new short[count];
        flags = new int[count];
        boolean[] joins = shuffledMembers(members, random);
        double weights = 0;
        for (int p = 0; p < count; p++) {
            Channel first = Channel.pick(random.nextDouble());
            channel[p] = (byte) first.ordinal();
            second[p] = NONE;
            secondDay[p] = NONE;
            linkDay[p] = NONE;
            memberDay[p] = NONE;
            consentDay[p] = NONE;
            guide[p] = NONE;
            // Pareto with shape 1.2 (roughly 80/20), capped so nobody buys every day
            weight[p] = (float) Math.min(60.0, Math.pow(1.0 - random.nextDouble(), -1.0 / 1.2));
            weights += weight[p];
            brand[p] = (byte) (brands <= 1 ? 0 : random.nextDouble() < 0.6 ? 0 : 1 + random.nextInt(brands - 1));
            int f = 0;
            if (joins[p]) {
                f |= MEMBER;
                int delay = random.nextDouble() < 0.4 ? 0 : (int) (-20 * Math.log(1 - random.nextDouble()));
                memberDay[p] = Math.min(days - 1, arrival[p] + delay);
            }
            if (random.nextDouble() < (joins[p] ? 0.95 : 0.4)) {
                f |= PHONE;
            }
            if (random.nextDouble() < 0.015) {
                f |= KOC;
            }
            if (random.nextDouble() < 0.25) {
                Channel other = Channel.pick(random.nextDouble());
                int day = arrival[p] + 1 + random.nextInt(90);
                if (other != first && day < days) {
                    second[p] = (byte) other.ordinal();
                    secondDay[p] = day;
                    int link = day + 1 + random.nextInt(60);
                    if (random.nextDouble() < 0.7 && link < days) {
                        linkDay[p] = link;
                    }
                }
            }
            if (first == Channel.OFFLINE_POS || second[p] == Channel.OFFLINE_POS.ordinal()) {
                f |= PHONE; // the till asks for a phone number
            }
            if ((f & PHONE) != 0 && random.nextDouble() < 0.03) {
                int day = arrival[p] + 1 + random.nextInt(Math.max(1, days));
                consentDay[p] = day < days ? day : NONE;
            }
            flags[p] = f;
        }
        meanWeight = weights / count;
    }

    /** Arrival days, sorted: 30 % are customers from before the period (first week), the rest come with the season. */
    private static int[] arrivals(SimulationSettings settings, SplittableRandom random) {
        int days = settings.days();
        double[] pull = new double[days];
        for (int d = 0; d < days; d++) {
            pull[d] = Math.pow(Season.factor(settings.start().plusDays(d)), 0.7);
        }
        double[] cdf = Season.cumulative(pull);
        int count = settings.members() + settings.members() / 2;
        int[] days0 = new int[count];
        for (int p = 0; p < count; p++) {
            if (random.nextDouble() < 0.3) {
                days0[p] = random.nextInt(Math.min(7, days));
            } else {
                int found = Arrays.binarySearch(cdf, random.nextDouble() * cdf[days - 1]);
                days0[p] = Math.min(days - 1, found >= 0 ? found + 1 : -found - 1);
            }
        }
        Arrays.sort(days0);
        return days0;
    }

    private static boolean[] shuffledMembers(int members, SplittableRandom random) {
        int count = members + members / 2;
        boolean[] joins = new boolean[count];
        Arrays.fill(joins, 0, members, true);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            boolean t = joins[i];
            joins[i] = joins[j];
            joins[j] = t;
        }
        return joins;
    }

    boolean has(int p, int flag) {
        return (flags[p] & flag) != 0;
    }

    void set(int p, int flag, boolean on) {
        flags[p] = on ? flags[p] | flag : flags[p] & ~flag;
    }

    Channel channel(int p) {
        return Channel.ALL[channel[p]];
    }

    /** The person's second channel if they use it by {@code day}, else their first. */
    Channel channelOn(int p, int day, double u) {
        if (second[p] != NONE && day >= secondDay[p] && u < 0.4) {
            return Channel.ALL[second[p]];
        }
        return channel(p);
    }

    /** Relative spending weight, mean 1. */
    double spend(int p) {
        return weight[p] / meanWeight;
    }

    boolean memberOn(int p, int day) {
        return memberDay[p] != NONE && day >= memberDay[p];
    }

    // ---- identities

    String phone(int p) {
        long mixed = mix(p, 1);
        // p → p·1,000,003 + c is a bijection modulo 10^8 (the factor is coprime to 10^8): no two people share one
        long suffix = Math.floorMod(p * 1_000_003L + (seed & 0xFFFFFFFL), 100_000_000L);
        return PHONE_PREFIXES[(int) Math.floorMod(mixed, (long) PHONE_PREFIXES.length)] + String.format("%08d", suffix);
    }

    String memberNo(int p) {
        return "M" + tag(p, 2);
    }

    String tmallOuid(int p) {
        return "AAH" + tag(p, 3);
    }

    String jdPin(int p) {
        return "jd_" + tag(p, 4);
    }

    String douyinOpenid(int p) {
        return "dy" + tag(p, 5);
    }

    String unionid(int p) {
        return "oU" + tag(p, 6);
    }

    String miniProgramOpenid(int p) {
        return "oMP" + tag(p, 7);
    }

    String officialAccountOpenid(int p) {
        return "oOA" + tag(p, 8);
    }

    String wecomExternalId(int p) {
        return "wm" + tag(p, 9);
    }

    /** Short, seed-specific code of a person, for share codes. */
    String code(int p) {
        return tag(p, 10);
    }

    String name(int p) {
        long m = mix(p, 11);
        int given = (int) Math.floorMod(m >>> 8, (long) GIVEN.length());
        String name = SURNAMES.charAt((int) Math.floorMod(m, (long) SURNAMES.length())) + "" + GIVEN.charAt(given);
        if ((m & 0x10000) != 0) {
            name += GIVEN.charAt((int) Math.floorMod(m >>> 20, (long) GIVEN.length()));
        }
        return name;
    }

    String gender(int p) {
        return Math.floorMod(mix(p, 12), 10L) < 7 ? "female" : "male";
    }

    String[] city(int p) {
        return CITIES[(int) Math.floorMod(mix(p, 13), (long) CITIES.length)];
    }

    LocalDate birthday(int p) {
        return LocalDate.of(1970, 1, 1).plusDays(Math.floorMod(mix(p, 14), 35L * 365));
    }

    private String tag(int p, int salt) {
        return Long.toHexString(mix(p, salt));
    }

    /** A bijection of {@code p} for a given seed and salt (murmur3's finaliser). */
    private long mix(int p, int salt) {
        long z = p + (seed * 0x9E3779B97F4A7C15L) + salt * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
