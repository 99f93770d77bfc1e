package io.reservoir.loyalty;

import java.util.List;

/** A member's points with one brand: the balance and the open lots, soonest to expire first. */
public record PointsAccount(long brandId, int customerNo, long balance, List<PointsLot> lots) {}
