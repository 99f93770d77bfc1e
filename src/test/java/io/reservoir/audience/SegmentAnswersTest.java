package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** Samples and CSV cells, without Spring. */
class SegmentAnswersTest {

    @Test
    void aSampleIsThatManyDistinctMembersInOrderAndTheSameForTheSameSeed() {
        RoaringBitmap members =
                RoaringBitmap.bitmapOf(IntStream.range(0, 1_000).map(i -> i * 7).toArray());

        int[] sample = SegmentAnswers.pick(members, 20, new SplittableRandom(42));

        assertThat(sample).hasSize(20).isSorted().doesNotHaveDuplicates();
        assertThat(IntStream.of(sample).allMatch(members::contains)).isTrue();
        assertThat(SegmentAnswers.pick(members, 20, new SplittableRandom(42))).containsExactly(sample);
        assertThat(SegmentAnswers.pick(members, 20, new SplittableRandom(43))).isNotEqualTo(sample);
    }

    @Test
    void aSampleOfASmallSegmentIsTheWholeSegment() {
        RoaringBitmap members = RoaringBitmap.bitmapOf(3, 5, 8);

        assertThat(SegmentAnswers.pick(members, 20, new SplittableRandom(1))).containsExactly(3, 5, 8);
        assertThat(SegmentAnswers.pick(new RoaringBitmap(), 20, new SplittableRandom(1)))
                .isEmpty();
    }
}
