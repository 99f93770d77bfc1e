package io.reservoir.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProfileUnionTest {

    private final ProfileUnion union = new ProfileUnion();

    @Test
    void aNumberNeverJoinedIsItsOwnRoot() {
        assertThat(union.find(0)).isZero();
        assertThat(union.find(42)).isEqualTo(42);
    }

    @Test
    void theSmallerNumberWinsWhicheverSideItIsOn() {
        assertThat(union.union(3, 9)).isEqualTo(new ProfileUnion.Joined(3, 9));
        assertThat(union.union(12, 5)).isEqualTo(new ProfileUnion.Joined(5, 12));
        assertThat(union.find(9)).isEqualTo(3);
        assertThat(union.find(12)).isEqualTo(5);
    }

    @Test
    void unionsChainToOneRoot() {
        union.union(4, 7);
        union.union(7, 9);
        union.union(2, 9);

        for (int no : new int[] {2, 4, 7, 9}) {
            assertThat(union.find(no)).as("root of %d", no).isEqualTo(2);
        }
        assertThat(union.find(3)).isEqualTo(3);
    }

    @Test
    void unionJoinsRootsNotTheNumbersGiven() {
        union.union(1, 6);
        union.union(3, 8);

        assertThat(union.union(6, 8)).isEqualTo(new ProfileUnion.Joined(1, 3));
        assertThat(union.find(8)).isEqualTo(1);
    }

    @Test
    void joiningTwoNumbersOfOneProfileChangesNothing() {
        union.union(2, 5);
        union.union(5, 8);

        assertThat(union.union(8, 2)).isEqualTo(new ProfileUnion.AlreadyOne(2));
        assertThat(union.union(5, 5)).isEqualTo(new ProfileUnion.AlreadyOne(2));
        assertThat(union.find(8)).isEqualTo(2);
    }

    @Test
    void aRetiredNumberStillFindsTheRootAfterItsRootIsJoinedAgain() {
        union.union(10, 20);
        union.union(5, 10);
        union.union(1, 5);

        assertThat(union.find(20)).isEqualTo(1);
        assertThat(union.find(10)).isEqualTo(1);
        assertThat(union.union(20, 30)).isEqualTo(new ProfileUnion.Joined(1, 30));
        assertThat(union.find(30)).isEqualTo(1);
    }

    @Test
    void profilesWithDifferentValuesOfAUniqueTypeAreNotJoined() {
        union.hold(1, IdentityType.PHONE, "+8613800000001");
        union.hold(2, IdentityType.PHONE, "+8613800000002");

        assertThat(union.union(2, 1)).isEqualTo(new ProfileUnion.Refused(2, 1, IdentityType.PHONE));
        assertThat(union.find(1)).isEqualTo(1);
        assertThat(union.find(2)).isEqualTo(2);
    }

    @Test
    void aRefusalLooksAtTheRootsOfTheNumbersGiven() {
        union.hold(1, IdentityType.MEMBER_NO, "M1");
        union.hold(4, IdentityType.MEMBER_NO, "M4");
        union.union(4, 9);

        assertThat(union.union(1, 9)).isEqualTo(new ProfileUnion.Refused(1, 4, IdentityType.MEMBER_NO));
        assertThat(union.find(9)).isEqualTo(4);
    }

    @Test
    void theFirstUniqueTypeInDeclarationOrderIsTheOneRefusedOver() {
        union.hold(1, IdentityType.WECHAT_UNIONID, "u1");
        union.hold(1, IdentityType.PHONE, "+8613800000001");
        union.hold(2, IdentityType.WECHAT_UNIONID, "u2");
        union.hold(2, IdentityType.PHONE, "+8613800000002");

        assertThat(union.union(1, 2)).isEqualTo(new ProfileUnion.Refused(1, 2, IdentityType.PHONE));
    }

    @Test
    void profilesWithTheSameUniqueValueOrDifferentUniqueTypesAreJoined() {
        union.hold(1, IdentityType.PHONE, "+8613800000001");
        union.hold(2, IdentityType.PHONE, "+8613800000001");
        union.hold(3, IdentityType.MEMBER_NO, "M3");

        assertThat(union.union(1, 2)).isEqualTo(new ProfileUnion.Joined(1, 2));
        assertThat(union.union(3, 1)).isEqualTo(new ProfileUnion.Joined(1, 3));
    }

    @Test
    void identitiesThatAreNotUniquePerPersonNeverStopAUnion() {
        union.hold(1, IdentityType.PHONE, "+8613800000001");
        union.hold(2, IdentityType.EMAIL, "b@example.cn");

        assertThat(union.union(1, 2)).isEqualTo(new ProfileUnion.Joined(1, 2));
    }

    @Test
    void theWinnerTakesTheLosersUniqueValues() {
        union.hold(7, IdentityType.MEMBER_NO, "M7");
        union.hold(3, IdentityType.PHONE, "+8613800000003");
        union.union(7, 3);

        assertThat(union.holdsOther(3, IdentityType.MEMBER_NO, "M8")).isTrue();
        assertThat(union.holdsOther(3, IdentityType.MEMBER_NO, "M7")).isFalse();
        assertThat(union.holdsOther(3, IdentityType.PHONE, "+8613800000009")).isTrue();

        union.hold(5, IdentityType.MEMBER_NO, "M5");
        assertThat(union.union(5, 7)).isEqualTo(new ProfileUnion.Refused(5, 3, IdentityType.MEMBER_NO));
    }

    @Test
    void aProfileHoldsNoOtherValueOfATypeItHasNone() {
        union.hold(1, IdentityType.PHONE, "+8613800000001");

        assertThat(union.holdsOther(1, IdentityType.PHONE, "+8613800000001")).isFalse();
        assertThat(union.holdsOther(1, IdentityType.PHONE, "+8613800000002")).isTrue();
        assertThat(union.holdsOther(1, IdentityType.MEMBER_NO, "M1")).isFalse();
        assertThat(union.holdsOther(2, IdentityType.PHONE, "+8613800000002")).isFalse();
    }
}
