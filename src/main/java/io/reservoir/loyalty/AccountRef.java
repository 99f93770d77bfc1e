package io.reservoir.loyalty;

/** One member's account with one brand; ordered as accounts are locked. */
record AccountRef(long brandId, int customerNo) implements Comparable<AccountRef> {

    static AccountRef of(PointsLedger.Credit credit) {
        return new AccountRef(credit.brandId(), credit.customerNo());
    }

    @Override
    public int compareTo(AccountRef other) {
        int byBrand = Long.compare(brandId, other.brandId);
        return byBrand != 0 ? byBrand : Integer.compare(customerNo, other.customerNo);
    }
}
