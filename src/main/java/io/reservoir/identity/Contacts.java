package io.reservoir.identity;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.vault.Masking;
import io.reservoir.platform.vault.PiiVault;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The phone and e-mail of customers in the forms in which they may leave Reservoir (SPEC §2):
 * masked for people, or hashed as ad platforms' DMPs match audiences. Never in clear: whoever
 * hands these out checks the caller's role and audits the export.
 *
 * <p>Hashes are lower-case hex of the UTF-8 bytes of the canonical value: for a phone, the digits
 * of its E.164 form without the {@code +} ({@code 8613800138000}, country code included, as
 * {@link IdentityType#normalise} keeps it); for an e-mail, the address in lower case.
 */
@Service
public class Contacts {

    /** How a contact is given out. */
    public enum Form {
        /** {@code 138****8000}, {@code z***@qq.com}. */
        MASKED,
        MD5,
        SHA256;

        /** Parses {@code masked}, {@code md5} or {@code sha256}, naming {@code field} otherwise. */
        public static Form parse(String field, String value) {
            if (value != null) {
                for (Form form : values()) {
                    if (form.id().equalsIgnoreCase(value.strip())) {
                        return form;
                    }
                }
            }
            throw ReservoirException.invalid(field, "must be masked, md5 or sha256");
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A customer's phone and e-mail in one {@link Form}; {@code null} where the customer has none.
     * A customer with several e-mail addresses is given the one seen first.
     */
    public record Contact(String phone, String email) {}

    private final JdbcClient jdbc;
    private final PiiVault vault;

    Contacts(JdbcClient jdbc, PiiVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /**
     * The contacts of customer numbers of one workspace; numbers without phone or e-mail (erased
     * customers, profiles retired by a merge, people known only by other identities) are absent.
     */
    @Transactional(readOnly = true)
    public Map<Integer, Contact> of(long workspaceId, Collection<Integer> customerNos, Form form) {
        Map<Integer, String> phones = new HashMap<>();
        Map<Integer, String> emails = new HashMap<>();
        if (customerNos.isEmpty()) {
            return Map.of();
        }
        jdbc.sql("""
                        select i.customer_no, i.id_type, i.sealed_value
                          from unnest(cast(:nos as integer array)) as k(customer_no)
                          join customer_identity i on i.workspace_id = :ws and i.customer_no = k.customer_no
                         where i.id_type in ('phone', 'email')
                         order by i.first_seen, i.lookup_key
                        """)
                .param("ws", workspaceId)
                .param("nos", SqlArrays.integers(customerNos))
                .query(rs -> {
                    int no = rs.getInt(1);
                    boolean phone = IdentityType.PHONE.id().equals(rs.getString(2));
                    (phone ? phones : emails).putIfAbsent(no, rs.getString(3));
                });
        Map<Integer, Contact> contacts = new HashMap<>();
        for (Integer no : customerNos) {
            String phone = phones.get(no);
            String email = emails.get(no);
            if (phone != null || email != null) {
                contacts.put(
                        no,
                        new Contact(
                                phone == null ? null : phone(vault.open(phone), form),
                                email == null ? null : email(vault.open(email), form)));
            }
        }
        return contacts;
    }

    /** A canonical (E.164) phone number in {@code form}. */
    static String phone(String e164, Form form) {
        return switch (form) {
            case MASKED -> Masking.phone(e164);
            case MD5 -> hex("MD5", e164.substring(1));
            case SHA256 -> hex("SHA-256", e164.substring(1));
        };
    }

    /** A canonical (lower-case) e-mail address in {@code form}. */
    static String email(String email, Form form) {
        String lower = email.strip().toLowerCase(Locale.ROOT);
        return switch (form) {
            case MASKED -> Masking.email(lower);
            case MD5 -> hex("MD5", lower);
            case SHA256 -> hex("SHA-256", lower);
        };
    }

    private static String hex(String algorithm, String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
