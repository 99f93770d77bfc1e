package io.reservoir.loyalty;

import java.util.List;

/** Brands of one workspace that share members: joining one with consent joins the others. */
public record JointProgram(long id, String name, List<Long> brandIds) {}
