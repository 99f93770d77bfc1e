package io.reservoir.audience;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The standard audiences of a brand's private-domain operations (SPEC §7), as ready rules for one
 * brand: new members who have not bought, high-potential members who have not bought, old members,
 * non-member old customers, pre-churn old customers, the store-interest crowd and KOC candidates.
 * They use only membership, relations and events, so they pass the checks in any workspace (a
 * loyalty program is not even needed: membership comes from {@code Member Joined}).
 *
 * <p>"Old customer" (老客) means bought from the brand in the last 365 days.
 */
@Service
public class SegmentTemplates {

    /** One template, its rule written for {@code brand}. */
    public record Template(String id, Text name, Text description, SegmentRule rule) {}

    /** The same words in English and in Simplified Chinese. */
    public record Text(String en, String zh) {}

    private record Definition(String id, Text name, Text description, String rule) {}

    private static final String BOUGHT_365 =
            "{\"event\": \"Order Completed\", \"brand\": {B}, \"within\": {\"days\": 365}}";

    private static final List<Definition> DEFINITIONS = List.of(
            new Definition(
                    "new_member_not_purchased",
                    new Text("New members who have not bought", "新入会未购"),
                    new Text(
                            "Joined in the last 30 days and bought nothing in those 30 days.", "近 30 天入会，且这 30 天内未购买。"),
                    """
                    {"all": [
                      {"member": {"brand": {B}}},
                      {"event": "Member Joined", "brand": {B}, "within": {"days": 30}},
                      {"not": {"event": "Order Completed", "brand": {B}, "within": {"days": 30}}}
                    ]}"""),
            new Definition(
                    "high_potential_member_not_purchased",
                    new Text("High-potential members who have not bought", "会员高潜未购"),
                    new Text(
                            "Members active in the last 30 days (two or more visits to the brand's fields, a live"
                                    + " stream watched, a product added to the cart or a check-in) who bought"
                                    + " nothing in 365 days.",
                            "近 30 天活跃（访问场域 2 次以上、看过直播、加购或签到）但近 365 天未购买的会员。"),
                    """
                    {"all": [
                      {"member": {"brand": {B}}},
                      {"any": [
                        {"event": "Field Visited", "brand": {B}, "within": {"days": 30}, "count": {"gte": 2}},
                        {"event": "Live Watched", "brand": {B}, "within": {"days": 30}},
                        {"event": "Product Added", "brand": {B}, "within": {"days": 30}},
                        {"event": "Checked In", "brand": {B}, "within": {"days": 30}}
                      ]},
                      {"not": %s}
                    ]}""".formatted(BOUGHT_365)),
            new Definition(
                    "old_member",
                    new Text("Old members", "会员老客"),
                    new Text("Members who bought in the last 365 days.", "近 365 天有购买的会员。"),
                    """
                    {"all": [{"member": {"brand": {B}}}, %s]}""".formatted(BOUGHT_365)),
            new Definition(
                    "non_member_old_customer",
                    new Text("Old customers who are not members", "非会员老客"),
                    new Text("Bought in the last 365 days but not a member.", "近 365 天有购买但不是会员。"),
                    """
                    {"all": [{"not": {"member": {"brand": {B}}}}, %s]}""".formatted(BOUGHT_365)),
            new Definition(
                    "pre_churn_old_customer",
                    new Text("Old customers about to churn", "预流失老客"),
                    new Text("Bought in the last 365 days but not in the last 90.", "近 365 天有购买，但近 90 天未购买。"),
                    """
                    {"all": [
                      %s,
                      {"not": {"event": "Order Completed", "brand": {B}, "within": {"days": 90}}}
                    ]}""".formatted(BOUGHT_365)),
            new Definition(
                    "store_interest",
                    new Text("Store-interest crowd", "店铺兴趣人群"),
                    new Text(
                            "Follow the store, visited it or added a product to the cart in the last 30 days,"
                                    + " and bought nothing in 365 days.",
                            "关注店铺，或近 30 天访问店铺、加购，且近 365 天未购买。"),
                    """
                    {"all": [
                      {"any": [
                        {"relation": {"brand": {B}, "field": "store"}},
                        {"event": "Field Visited", "brand": {B}, "field": "store", "within": {"days": 30}},
                        {"event": "Product Added", "brand": {B}, "within": {"days": 30}}
                      ]},
                      {"not": %s}
                    ]}""".formatted(BOUGHT_365)),
            new Definition(
                    "koc_candidates",
                    new Text("KOC candidates", "潜力 KOC"),
                    new Text(
                            "Repeat members (bought on two or more days in 365 days) who shared content or posted"
                                    + " a review in the last 90 days.",
                            "近 365 天有 2 天以上购买的会员，且近 90 天分享过内容或发表过评价。"),
                    """
                    {"all": [
                      {"member": {"brand": {B}}},
                      {"event": "Order Completed", "brand": {B}, "within": {"days": 365}, "distinctDays": {"gte": 2}},
                      {"any": [
                        {"event": "Content Shared", "brand": {B}, "within": {"days": 90}},
                        {"event": "Review Posted", "brand": {B}, "within": {"days": 90}}
                      ]}
                    ]}"""));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Segments segments;
    private final Brands brands;

    SegmentTemplates(Segments segments, Brands brands) {
        this.segments = segments;
        this.brands = brands;
    }

    /**
     * The templates for a brand of the caller's workspace; without a brand, for the workspace's
     * only brand.
     *
     * @throws ReservoirException not_found (brand), invalid when {@code brandId} is null and the
     *     workspace has several brands
     */
    public List<Template> list(Caller caller, Long brandId) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        long brand = brand(caller, brandId).id();
        return DEFINITIONS.stream().map(d -> template(d, brand)).toList();
    }

    /**
     * Saves a segment from a template for a brand. Operators; audited as any new segment.
     *
     * @param name null for the template's Chinese name and the brand's name ({@code 会员老客 · 品牌})
     * @throws ReservoirException not_found (template or brand), conflict (name taken)
     */
    public Segment create(Caller caller, String templateId, Long brandId, String name) {
        Definition definition = DEFINITIONS.stream()
                .filter(d -> d.id().equals(templateId))
                .findFirst()
                .orElseThrow(() -> ReservoirException.notFound("segment template", templateId));
        Brand brand = brand(caller, brandId);
        Template template = template(definition, brand.id());
        String chosen = name == null ? defaultName(template, brand) : name;
        return segments.create(caller, chosen, template.rule().toJson());
    }

    /** The name a template's segment gets when none is given: {@code 会员老客 · 品牌}. */
    static String defaultName(Template template, Brand brand) {
        return template.name().zh() + " · " + brand.name();
    }

    /** The ids of all templates, in their order. */
    static List<String> ids() {
        return DEFINITIONS.stream().map(Definition::id).toList();
    }

    private Brand brand(Caller caller, Long brandId) {
        if (brandId != null) {
            return brands.get(caller, brandId);
        }
        List<Brand> all = brands.list(caller);
        return Optional.of(all)
                .filter(list -> list.size() == 1)
                .map(list -> list.get(0))
                .orElseThrow(() -> ReservoirException.invalid(
                        "brand", "is required: the workspace has " + all.size() + " brands"));
    }

    private static Template template(Definition definition, long brand) {
        String json = definition.rule().replace("{B}", Long.toString(brand));
        return new Template(
                definition.id(),
                definition.name(),
                definition.description(),
                SegmentRule.fromJson(JSON.readTree(json), "rule"));
    }
}
