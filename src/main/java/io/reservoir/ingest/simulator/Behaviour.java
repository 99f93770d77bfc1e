package io.reservoir.ingest.simulator;

import io.reservoir.ingest.EventNames;
import io.reservoir.ingest.simulator.BrandSimulation.Tally;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.node.ObjectNode;

/**
 * What simulated people do on a day: first contact, joining, buying, refunding, reviewing,
 * sharing, following and leaving. Rates are per person and day, scaled by the person's spending
 * weight and by {@link Season}.
 */
final class Behaviour {

    /** Orders per person and ordinary day at spending weight 1: about three a year. */
    private static final double ORDER_RATE = 0.0064;

    private static final int GUIDES = 36;
    private static final int STORES = 12;
    private static final String[] REVIEWS = {"", "质量一般，不推荐", "有点失望", "还可以", "不错，会回购", "非常好用，已推荐给朋友"};

    private final BrandSimulation simulation;
    private final People people;
    private final SplittableRandom random;
    private final List<String> brands;
    private final String seedTag;
    private final Tally tally;
    private final Messages messages;
    private final Orders orders;

    private int day;
    private LocalDate date;
    private double season;
    private String festival;
    private int present;

    Behaviour(
            BrandSimulation simulation,
            People people,
            SplittableRandom random,
            List<String> brands,
            String seedTag,
            Tally tally) {
        this.simulation = simulation;
        this.people = people;
        this.random = random;
        this.brands = brands;
        this.seedTag = seedTag;
        this.tally = tally;
        this.messages = new Messages(people);
        this.orders = new Orders(simulation, people, random, messages, seedTag, tally);
    }

    void startDay(int newDay, LocalDate newDate) {
        day = newDay;
        date = newDate;
        season = Season.factor(newDate);
        festival = Season.festival(newDate);
        orders.startDay(newDay, newDate, festival);
    }

    /** How many people have appeared by now (they are numbered in order of appearance). */
    void present(int count) {
        present = count;
    }

    /** First contact: who they are, maybe a follow, a join and a first order, in that order. */
    void arrive(int p) {
        tally.people++;
        int t = Season.secondOfDay(random, date);
        Channel channel = people.channel(p);
        ObjectNode hello = messages.identify(channel.id, brand(p));
        ObjectNode traits = Messages.traits(hello);
        messages.channelIds(traits, p, channel);
        boolean talks = channel == Channel.MINI_PROGRAM || channel == Channel.WECOM || channel == Channel.OFFLINE_POS;
        if (talks && people.has(p, People.PHONE)) {
            traits.put("phone", people.phone(p));
        }
        traits.put("name", people.name(p));
        traits.put("gender", people.gender(p));
        String[] city = people.city(p);
        traits.put("city", city[0]);
        traits.put("province", city[1]);
        if (random.nextDouble() < 0.4) {
            traits.put("birthday", people.birthday(p).toString());
        }
        simulation.at(t, hello);
        if (channel.hasStore() && random.nextDouble() < 0.45) {
            simulation.at(t + 20, relation("Store Followed", p, channel));
            people.set(p, People.STORE, true);
        }
        if ((channel == Channel.MINI_PROGRAM || channel == Channel.WECOM) && random.nextDouble() < 0.3) {
            followOfficialAccount(p, t + 40);
        }
        if (people.memberDay[p] == day) {
            join(p, t + 60);
        }
        if (random.nextDouble() < 0.35) {
            orders.order(p, t + 120 + random.nextInt(1800), null, -1, -1);
        }
    }

    /** A day in the life of someone already known. */
    void daily(int p) {
        int t = -1;
        if (people.memberDay[p] == day && !people.has(p, People.JOINED)) {
            t = Season.secondOfDay(random, date);
            join(p, t);
        }
        if (people.secondDay[p] == day) {
            secondChannel(p, Season.secondOfDay(random, date));
        }
        if (people.linkDay[p] == day) {
            link(p, Season.secondOfDay(random, date));
        }
        if (people.consentDay[p] == day) {
            withdrawConsent(p, Season.secondOfDay(random, date));
        }
        double spend = people.spend(p);
        double buy = Math.min(0.5, ORDER_RATE * spend * season * (people.memberOn(p, day) ? 1.5 : 0.5));
        double u = random.nextDouble();
        if (u < buy) {
            orders.order(p, t >= 0 ? t + 60 + random.nextInt(3600) : Season.secondOfDay(random, date), null, -1, -1);
            return;
        }
        double engage = (0.012 + 0.006 * Math.min(spend, 5)) * Math.sqrt(season);
        if (u < buy + engage) {
            engage(p, Season.secondOfDay(random, date));
        }
        if (people.has(p, People.KOC) && random.nextDouble() < 0.04 * Math.sqrt(season)) {
            share(p, Season.secondOfDay(random, date));
        }
    }

    void followUp(Pending followUp) {
        switch (followUp.kind()) {
            case REFUND -> orders.refund(followUp, Season.secondOfDay(random, date));
            case REVIEW -> review(followUp, Season.secondOfDay(random, date));
            case REFERRED_ORDER -> referredOrder(followUp, Season.secondOfDay(random, date));
            case GROUP_LEAVE -> leaveGroup(followUp.person(), Season.secondOfDay(random, date), followUp.code());
        }
    }

    private void engage(int p, int t) {
        double u = random.nextDouble();
        if (u < 0.35) {
            visit(p, t);
        } else if (u < 0.6) {
            watchLive(p, t);
        } else if (u < 0.9) {
            changeRelation(p, t);
        } else {
            share(p, t);
        }
    }

    private void join(int p, int t) {
        Channel channel = people.channel(p);
        simulation.at(t, memberJoined(p, channel, brand(p)));
        people.set(p, People.JOINED, true);
        tally.members++;
        if (brands.size() > 1 && random.nextDouble() < 0.1) {
            // joint membership (联合入会): the same person joins a sister brand with the same member number
            int other = (people.brand[p] + 1 + random.nextInt(brands.size() - 1)) % brands.size();
            simulation.at(t + 30, memberJoined(p, channel, brands.get(other)));
        }
    }

    private ObjectNode memberJoined(int p, Channel channel, String brand) {
        ObjectNode message = messages.track(EventNames.MEMBER_JOINED, p, channel.id, brand);
        ObjectNode ids = Messages.identities(message);
        messages.channelIds(ids, p, channel);
        ids.put("member_no", people.memberNo(p));
        if (people.has(p, People.PHONE)) {
            ids.put("phone", people.phone(p)); // members register with a phone number
        }
        ObjectNode properties = Messages.properties(message);
        properties.put("member_no", people.memberNo(p));
        properties.put("level", "普卡");
        properties.put("source", festival != null ? festival + "_join" : channel.id + "_join");
        return message;
    }

    /** The person shows up on another channel, known there only by that channel's ids. */
    private void secondChannel(int p, int t) {
        Channel channel = Channel.ALL[people.second[p]];
        if (channel.hasStore()) {
            simulation.at(t, relation("Store Followed", p, channel));
        } else {
            simulation.at(t, visitMessage(p, channel));
        }
    }

    /** One identify carrying the ids of both channels: the two profiles become one. */
    private void link(int p, int t) {
        Channel second = Channel.ALL[people.second[p]];
        ObjectNode message = messages.identify(second.id, brand(p));
        ObjectNode traits = Messages.traits(message);
        messages.channelIds(traits, p, people.channel(p));
        messages.channelIds(traits, p, second);
        if (people.memberOn(p, day)) {
            traits.put("member_no", people.memberNo(p));
        }
        simulation.at(t, message);
        tally.links++;
    }

    private void withdrawConsent(int p, int t) {
        Channel channel = people.channel(p);
        ObjectNode message = messages.identify(channel.id, brand(p));
        ObjectNode traits = Messages.traits(message);
        messages.channelIds(traits, p, channel);
        traits.put("phone", people.phone(p));
        traits.putObject("consent").put("sms", false);
        simulation.at(t, message);
        tally.consentWithdrawals++;
    }

    private void visit(int p, int t) {
        simulation.at(t, visitMessage(p, people.channelOn(p, day, random.nextDouble())));
    }

    private ObjectNode visitMessage(int p, Channel channel) {
        ObjectNode message = track(EventNames.FIELD_VISITED, p, channel);
        ObjectNode properties = Messages.properties(message);
        switch (channel) {
            case TMALL, JD, DOUYIN -> properties.put("field", "store");
            case OFFLINE_POS -> {
                properties.put("field", "offline_store");
                properties.put("store_id", store(p));
            }
            default -> properties.put("field", "mini_program");
        }
        properties.put(
                "page",
                random.nextDouble() < 0.5 ? "home" : Catalog.pick(random).id());
        return message;
    }

    private void watchLive(int p, int t) {
        Channel channel = people.channel(p).hasLiveRoom() ? people.channel(p) : Channel.DOUYIN;
        if (!people.has(p, People.LIVE) && random.nextDouble() < 0.3) {
            simulation.at(t, relation("Live Room Followed", p, channel));
            people.set(p, People.LIVE, true);
        }
        ObjectNode message = track(EventNames.LIVE_WATCHED, p, channel);
        ObjectNode properties = Messages.properties(message);
        properties.put("field", "live_room");
        properties.put("live_id", "LIVE-" + date.toString().replace("-", ""));
        properties.put("duration_seconds", 30 + random.nextInt(festival != null ? 5400 : 1800));
        simulation.at(t + 5, message);
    }

    private void changeRelation(int p, int t) {
        Channel channel = people.channel(p);
        switch (random.nextInt(7)) {
            case 0 -> {
                if (channel.hasStore()) {
                    boolean follows = people.has(p, People.STORE);
                    if (!follows || random.nextDouble() < 0.3) {
                        simulation.at(t, relation(follows ? "Store Unfollowed" : "Store Followed", p, channel));
                        people.set(p, People.STORE, !follows);
                    }
                }
            }
            case 1 -> {
                if (!people.has(p, People.GROUP)) {
                    joinGroup(p, t);
                } else if (random.nextDouble() < 0.3) {
                    leaveGroup(p, t, null);
                }
            }
            case 2 -> {
                Channel live = channel.hasLiveRoom() ? channel : Channel.DOUYIN;
                boolean follows = people.has(p, People.LIVE);
                if (!follows || random.nextDouble() < 0.2) {
                    simulation.at(t, relation(follows ? "Live Room Unfollowed" : "Live Room Followed", p, live));
                    people.set(p, People.LIVE, !follows);
                }
            }
            case 3 -> {
                if (!people.has(p, People.SUBSCRIPTION)) {
                    simulation.at(t, relation("Subscription Followed", p, Channel.MINI_PROGRAM));
                    people.set(p, People.SUBSCRIPTION, true);
                }
            }
            case 4 -> {
                if (!people.has(p, People.OFFICIAL_ACCOUNT)) {
                    followOfficialAccount(p, t);
                }
            }
            case 5 -> {
                if (people.guide[p] == People.NONE) {
                    addGuide(p, t);
                }
            }
            default -> {
                if (people.spend(p) > 3 && !people.has(p, People.DEDICATED_CS)) {
                    ObjectNode message = relation("Dedicated CS Bound", p, Channel.WECOM);
                    Messages.properties(message).put("cs_id", "CS" + (1 + random.nextInt(8)));
                    simulation.at(t, message);
                    people.set(p, People.DEDICATED_CS, true);
                }
            }
        }
    }

    /** A festival brings short-lived flash groups; otherwise the guide's long-term member group. */
    private void joinGroup(int p, int t) {
        boolean flash = festival != null;
        String group = flash
                ? "flash-" + festival + "-" + date.getYear() + "-" + (1 + random.nextInt(20))
                : "member-" + (1 + random.nextInt(GUIDES));
        ObjectNode message = relation(EventNames.GROUP_JOINED, p, Channel.WECOM);
        Messages.properties(message).put("group_id", group);
        Messages.properties(message).put("group_type", flash ? "flash" : "member");
        simulation.at(t, message);
        people.set(p, People.GROUP, true);
        if (flash && random.nextDouble() < 0.6) {
            simulation.later(
                    day + 5 + random.nextInt(20), new Pending(Pending.Kind.GROUP_LEAVE, p, null, 0, group, 0, 0));
        }
    }

    private void leaveGroup(int p, int t, String group) {
        if (!people.has(p, People.GROUP)) {
            return;
        }
        ObjectNode message = relation(EventNames.GROUP_LEFT, p, Channel.WECOM);
        if (group != null) {
            Messages.properties(message).put("group_id", group);
        }
        simulation.at(t, message);
        people.set(p, People.GROUP, false);
    }

    private void followOfficialAccount(int p, int t) {
        ObjectNode message = messages.track("Official Account Followed", p, "wechat_oa", brand(p));
        messages.officialAccountIds(Messages.identities(message), p);
        simulation.at(t, message);
        people.set(p, People.OFFICIAL_ACCOUNT, true);
    }

    /** A guide adds the customer on WeCom; members hand over their phone number, which links the profiles. */
    private void addGuide(int p, int t) {
        double u = random.nextDouble();
        int guide = (int) (u * u * GUIDES); // a few star guides serve most customers
        ObjectNode message = relation(EventNames.GUIDE_ADDED, p, Channel.WECOM);
        if (people.memberOn(p, day) && people.has(p, People.PHONE)) {
            Messages.identities(message).put("phone", people.phone(p));
        }
        Messages.properties(message).put("guide_code", Orders.guideCode(guide));
        Messages.properties(message).put("store_id", store(p));
        simulation.at(t, message);
        people.guide[p] = (short) guide;
    }

    /** Content Shared with a fresh code; some friends buy through it within the attribution window. */
    private void share(int p, int t) {
        Channel channel = people.channel(p) == Channel.DOUYIN ? Channel.DOUYIN : Channel.MINI_PROGRAM;
        Catalog.Product product = Catalog.pick(random);
        String code = "SC" + seedTag + "-" + Long.toString(tally.shares, 36);
        ObjectNode message = track(EventNames.CONTENT_SHARED, p, channel);
        ObjectNode properties = Messages.properties(message);
        properties.put("share_code", code);
        properties.put("product_id", product.id());
        properties.put("content_type", random.nextDouble() < 0.7 ? "product" : "note");
        simulation.at(t, message);
        tally.shares++;
        int buyers = people.has(p, People.KOC) ? random.nextInt(4) : random.nextDouble() < 0.2 ? 1 : 0;
        int index = java.util.Arrays.asList(Catalog.PRODUCTS).indexOf(product);
        for (int i = 0; i < buyers; i++) {
            simulation.later(
                    day + 1 + random.nextInt(6),
                    new Pending(Pending.Kind.REFERRED_ORDER, p, channel, people.brand[p], code, 0, index));
        }
    }

    private void referredOrder(Pending share, int t) {
        if (present < 2) {
            return;
        }
        int buyer = random.nextInt(present - 1);
        if (buyer >= share.person()) {
            buyer++; // anyone but the sharer
        }
        orders.order(buyer, t, share.code(), share.product(), share.brand());
        tally.referredOrders++;
    }

    private void review(Pending order, int t) {
        double u = random.nextDouble();
        int rating = u < 0.55 ? 5 : u < 0.8 ? 4 : u < 0.9 ? 3 : u < 0.95 ? 2 : 1;
        ObjectNode message =
                messages.track(EventNames.REVIEW_POSTED, order.person(), order.channel().id, brandName(order.brand()));
        messages.channelIds(Messages.identities(message), order.person(), order.channel());
        ObjectNode properties = Messages.properties(message);
        properties.put("order_id", order.code());
        properties.put("product_id", Catalog.PRODUCTS[order.product()].id());
        properties.put("rating", rating);
        properties.put("content", REVIEWS[rating]);
        simulation.at(t, message);
        tally.reviews++;
    }

    private ObjectNode relation(String event, int p, Channel channel) {
        return track(event, p, channel);
    }

    private ObjectNode track(String event, int p, Channel channel) {
        ObjectNode message = messages.track(event, p, channel.id, brand(p));
        messages.channelIds(Messages.identities(message), p, channel);
        return message;
    }

    private String store(int p) {
        return "S" + (101 + Math.floorMod(people.code(p).hashCode(), STORES));
    }

    private String brand(int p) {
        return brandName(people.brand[p]);
    }

    private String brandName(int index) {
        return brands.isEmpty() ? null : brands.get(index);
    }
}
