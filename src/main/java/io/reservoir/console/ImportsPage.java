package io.reservoir.console;

import io.reservoir.ingest.ImportNotStarted;
import io.reservoir.ingest.ImportStart;
import io.reservoir.ingest.ImportView;
import io.reservoir.ingest.Imports;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The {@code reservoir import} command in the browser: upload a file with the options a shop's
 * export needs, watch it import in the background (the page polls its figures every second),
 * download the rejected rows, and page through past imports. Admins and operators only
 * ({@link Imports#mayImport}); refused options are all shown at once, each next to its field.
 */
@ConsolePage
class ImportsPage {

    static final int PAGE = 20;
    static final List<String> TYPES = List.of("members", "orders", "refunds", "events");
    static final List<String> LAYOUTS = List.of("generic", "tmall");

    private final Imports imports;
    private final Brands brands;
    private final MessageSource messages;

    ImportsPage(Imports imports, Brands brands, MessageSource messages) {
        this.imports = imports;
        this.brands = brands;
        this.messages = messages;
    }

    @GetMapping("/imports")
    String page(Caller caller, Model model) {
        form(caller, model, new ImportStart("members", "", "", "", "", "", "", false, false, ""), Map.of());
        rows(caller, null, model);
        return "console/imports";
    }

    @GetMapping("/imports/rows")
    String more(Caller caller, @RequestParam long before, Model model) {
        rows(caller, before, model);
        return "console/imports :: rows";
    }

    @PostMapping("/imports")
    String start(
            Caller caller,
            @RequestParam(required = false) MultipartFile file,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String layout,
            @RequestParam(required = false) String brand,
            @RequestParam(required = false) String zone,
            @RequestParam(required = false) String currency,
            @RequestParam(required = false) String rates,
            @RequestParam(required = false) String columns,
            @RequestParam(required = false) boolean negativeOrdersAsReturns,
            @RequestParam(required = false) boolean integerIds,
            @RequestParam(required = false) String dateFormat,
            Locale locale,
            Model model,
            HttpServletResponse response) {
        ImportStart form = new ImportStart(
                type, layout, brand, zone, currency, rates, columns, negativeOrdersAsReturns, integerIds, dateFormat);
        boolean uploaded = file != null && !file.isEmpty();
        try (InputStream content = uploaded ? file.getInputStream() : InputStream.nullInputStream()) {
            ImportView started = imports.start(caller, uploaded ? file.getOriginalFilename() : null, content, form);
            return "redirect:/imports/" + started.id();
        } catch (ImportNotStarted refused) {
            response.setStatus(422);
            form(caller, model, form, errors(refused, locale));
            rows(caller, null, model);
            return "console/imports";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping("/imports/{id}")
    String show(Caller caller, @PathVariable long id, Model model) {
        model.addAttribute("run", imports.get(caller, id));
        return "console/import";
    }

    /** The figures of an import, polled by its page while it runs. */
    @GetMapping("/imports/{id}/progress")
    String progress(Caller caller, @PathVariable long id, Model model) {
        model.addAttribute("run", imports.get(caller, id));
        return "console/import :: progress";
    }

    @GetMapping("/imports/{id}/rejects")
    void rejects(Caller caller, @PathVariable long id, HttpServletResponse response) throws IOException {
        Imports.Rejects rejects = imports.rejects(caller, id);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename(rejects.downloadName(), StandardCharsets.UTF_8)
                        .build()
                        .toString());
        response.setContentLengthLong(Files.size(rejects.file()));
        Files.copy(rejects.file(), response.getOutputStream());
    }

    private void form(Caller caller, Model model, ImportStart form, Map<String, List<String>> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("types", TYPES);
        model.addAttribute("layouts", LAYOUTS);
        model.addAttribute(
                "brands", brands.list(caller).stream().map(Brand::name).toList());
    }

    private void rows(Caller caller, Long before, Model model) {
        List<ImportView> page = imports.page(caller, before, PAGE);
        model.addAttribute("imports", page);
        model.addAttribute(
                "next", page.size() == PAGE ? page.get(page.size() - 1).id() : null);
    }

    /** Field → its reasons in the user's language ("时区：'Mars/Base' 不是时区…"). */
    private Map<String, List<String>> errors(ImportNotStarted refused, Locale locale) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (ImportNotStarted.Refusal refusal : refused.refusals()) {
            String label = messages.getMessage("imports.field." + refusal.field(), null, refusal.field(), locale);
            Object[] args = {refusal.value() == null ? "" : refusal.value(), refusal.detail()};
            String reason = refusal.code() == null
                    ? messages.getMessage("imports.refused.other", args, locale)
                    : messages.getMessage(
                            "imports.refused." + refusal.code(),
                            args,
                            messages.getMessage("imports.refused.other", args, locale),
                            locale);
            errors.computeIfAbsent(refusal.field(), f -> new java.util.ArrayList<>())
                    .add(messages.getMessage("imports.refusal", new Object[] {label, reason}, locale));
        }
        return errors;
    }
}
