package io.reservoir.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.errors.ReservoirException;
import org.junit.jupiter.api.Test;

/**
 * Contacts leave masked or hashed as DMPs match them. The expected hashes were computed outside
 * Java ({@code hashlib} on the same strings), so they hold the digits and case rules, not just
 * the digest code.
 */
class ContactsTest {

    @Test
    void aPhoneInAnyFormHashesAsTheDigitsOfItsE164Form() {
        for (String raw : new String[] {"13800138000", "+86 138 0013 8000", "0086-138-0013-8000"}) {
            String e164 = IdentityType.PHONE.normalise("phone", raw);
            assertThat(Contacts.phone(e164, Contacts.Form.MD5)).isEqualTo("3188d9b70320caec2e668ab7ccc50a27");
            assertThat(Contacts.phone(e164, Contacts.Form.SHA256))
                    .isEqualTo("bf08aacce7f9b2452863cf99373043c3333f0e3127f1f787c4abb46ab6cf2b83");
            assertThat(Contacts.phone(e164, Contacts.Form.MASKED)).isEqualTo("138****8000");
        }
    }

    @Test
    void anEmailHashesInLowerCase() {
        assertThat(Contacts.email("Zhang.San@Example.CN", Contacts.Form.MD5))
                .isEqualTo("ce7eb81f9984f081fd15207354b077e5");
        assertThat(Contacts.email("zhang.san@example.cn", Contacts.Form.SHA256))
                .isEqualTo("a4f50bff2e0c0ef0ded1876f8f8b7c364240b0584d0e28bc42db117b43029789");
        assertThat(Contacts.email("zhang.san@example.cn", Contacts.Form.MASKED)).isEqualTo("z***@example.cn");
    }

    @Test
    void formsAreReadByNameAndAnythingElseIsRefusedNamingTheField() {
        assertThat(Contacts.Form.parse("identities", " SHA256 ")).isEqualTo(Contacts.Form.SHA256);
        assertThatThrownBy(() -> Contacts.Form.parse("identities", "clear"))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("identities"));
    }
}
