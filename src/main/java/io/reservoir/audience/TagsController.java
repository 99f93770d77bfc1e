package io.reservoir.audience;

import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/tags}: tags (manual, rule, model), their holders per value and history, lists
 * uploaded to manual tags (JSON or CSV), recomputing a rule or model tag now; and
 * {@code /api/v1/customers/{id}/tags}, the tags of one customer. A refused request names the field
 * and writes nothing.
 */
@RestController
@RequestMapping("/api/v1")
class TagsController {

    static final String CSV = "text/csv";

    private final Tags tags;
    private final TagHolders holders;
    private final TagUploads uploads;
    private final RuleTags ruleTags;
    private final Customers customers;

    TagsController(Tags tags, TagHolders holders, TagUploads uploads, RuleTags ruleTags, Customers customers) {
        this.tags = tags;
        this.holders = holders;
        this.uploads = uploads;
        this.ruleTags = ruleTags;
        this.customers = customers;
    }

    record TagBody(String name, String kind, String description, JsonNode rule, JsonNode model) {}

    /**
     * A tag.
     *
     * @param members how many customers hold it
     * @param values holders per value, most held first (a plain tag's value is absent); only for
     *     one tag
     * @param computedAt when a rule or model tag's holders were last recomputed
     */
    record TagView(
            long id,
            String name,
            String kind,
            String description,
            JsonNode rule,
            JsonNode model,
            Instant createdAt,
            Instant computedAt,
            long members,
            List<TagHolders.Count> values) {}

    record Items<T>(List<T> items) {}

    record ChangeView(
            long id,
            String customerId,
            String kind,
            String oldValue,
            String newValue,
            Instant changedAt,
            String cause) {}

    record History(List<ChangeView> items, Long next) {}

    record HeldView(long tagId, String name, String kind, String value, Instant assignedAt) {}

    record CustomerTags(String customerId, List<HeldView> items) {}

    @PostMapping("/tags")
    @ResponseStatus(HttpStatus.CREATED)
    TagView create(Caller caller, @RequestBody TagBody body) {
        TagKind kind = body.kind() == null ? null : TagKind.parse("kind", body.kind());
        if (kind == TagKind.MODEL && (body.model() == null || body.model().isNull())) {
            throw ReservoirException.invalid(
                    "model", "is required for a model tag, e.g. {\"model\": \"rfm\", \"brand\": 1}");
        }
        Tag tag = tags.create(caller, body.name(), kind, body.description(), body.rule(), body.model());
        return view(tag, null, 0, null);
    }

    @GetMapping("/tags")
    Items<TagView> list(Caller caller) {
        Map<Long, Long> totals = holders.totals(caller);
        Map<Long, Instant> computed = holders.computedAt(caller);
        return new Items<>(tags.list(caller).stream()
                .map(t -> view(t, computed.get(t.id()), totals.getOrDefault(t.id(), 0L), null))
                .toList());
    }

    @GetMapping("/tags/{id}")
    TagView get(Caller caller, @PathVariable long id) {
        Tag tag = tags.get(caller, id);
        List<TagHolders.Count> counts = holders.counts(caller, id);
        return view(
                tag,
                holders.computedAt(caller).get(id),
                counts.stream().mapToLong(TagHolders.Count::members).sum(),
                counts);
    }

    /** Refused (409) while the rule of a saved segment or of a rule tag names the tag. */
    @DeleteMapping("/tags/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable long id) {
        tags.delete(caller, id);
    }

    /** Changes of the tag, newest first; of one customer with {@code ?customer=<id>}. */
    @GetMapping("/tags/{id}/history")
    History history(
            Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) String customer,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit) {
        Integer customerNo =
                customer == null ? null : holderOf(caller, customer).customerNo();
        List<TagHolders.Change> page = holders.history(caller, id, customerNo, before, limit);
        Map<Integer, String> ids = customers.publicIds(
                caller.workspaceId(),
                page.stream().map(TagHolders.Change::customerNo).toList());
        return new History(
                page.stream()
                        .map(c -> new ChangeView(
                                c.id(),
                                ids.get(c.customerNo()),
                                c.kind(),
                                c.oldValue(),
                                c.newValue(),
                                c.changedAt(),
                                c.cause()))
                        .toList(),
                page.size() == limit ? page.get(limit - 1).id() : null);
    }

    /**
     * Gives a manual tag to a list: {@code {"value": "gold", "customers": ["<id>", …]}} or
     * {@code {"identities": [{"type": "phone", "value": "138…"}, …]}}, optionally {@code "cause"}.
     */
    @PostMapping(path = "/tags/{id}/members", consumes = MediaType.APPLICATION_JSON_VALUE)
    TagUploads.Result add(Caller caller, @PathVariable long id, @RequestBody JsonNode body) {
        MemberList list = MemberList.fromJson(body);
        return uploads.add(caller, id, text(body, "value"), list, text(body, "cause"));
    }

    /** Gives a manual tag to the lines of a CSV file: a header naming the column, one value a line. */
    @PostMapping(path = "/tags/{id}/members", consumes = CSV)
    TagUploads.Result addCsv(
            Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) String value,
            @RequestParam(required = false) String cause,
            HttpServletRequest request)
            throws IOException {
        MemberList list = MemberList.fromCsv(request.getInputStream().readAllBytes());
        return uploads.add(caller, id, value, list, cause);
    }

    /** Takes a manual tag, whatever its value, from a list given as for adding. */
    @DeleteMapping(path = "/tags/{id}/members", consumes = MediaType.APPLICATION_JSON_VALUE)
    TagUploads.Result remove(Caller caller, @PathVariable long id, @RequestBody JsonNode body) {
        MemberList list = MemberList.fromJson(body);
        if (text(body, "value") != null) {
            throw ReservoirException.invalid("value", "removing takes the tag whatever its value; leave value out");
        }
        return uploads.remove(caller, id, list, text(body, "cause"));
    }

    @DeleteMapping(path = "/tags/{id}/members", consumes = CSV)
    TagUploads.Result removeCsv(
            Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) String cause,
            HttpServletRequest request)
            throws IOException {
        MemberList list = MemberList.fromCsv(request.getInputStream().readAllBytes());
        return uploads.remove(caller, id, list, cause);
    }

    /** Recomputes a rule tag's or model tag's holders now. */
    @PostMapping("/tags/{id}/recompute")
    RuleTags.Recomputed recompute(Caller caller, @PathVariable long id) {
        return ruleTags.recompute(caller, id);
    }

    /** The tags a customer holds, with when each was given; a merged profile answers for its survivor. */
    @GetMapping("/customers/{customerId}/tags")
    CustomerTags customerTags(Caller caller, @PathVariable String customerId) {
        CustomerRef holder = holderOf(caller, customerId);
        return new CustomerTags(
                holder.id(),
                holders.of(caller, holder.customerNo()).stream()
                        .map(h -> new HeldView(h.tagId(), h.name(), h.kind().id(), h.value(), h.assignedAt()))
                        .toList());
    }

    /** The profile holding a customer's tags now: the customer, or for a merged one its survivor. */
    private CustomerRef holderOf(Caller caller, String customerId) {
        CustomerRef ref = customers.get(caller, customerId);
        return ref.mergedInto() == null ? ref : customers.get(caller, ref.mergedInto());
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ReservoirException.invalid(field, "must be a string");
        }
        return node.asString();
    }

    private static TagView view(Tag tag, Instant computedAt, long members, List<TagHolders.Count> values) {
        return new TagView(
                tag.id(),
                tag.name(),
                tag.kind().id(),
                tag.description(),
                tag.rule() == null ? null : tag.rule().toJson(),
                tag.model() == null ? null : tag.model().toJson(),
                tag.createdAt(),
                computedAt,
                members,
                values);
    }
}
