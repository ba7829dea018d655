// Which legal basis a purpose is shown with. A purpose's own basis, set by an admin, wins; a purpose
// without one is processed, within a category, on the category's basis. Only where neither is set is
// it "to be confirmed by the company". Every reader of the data map (the "my data" page, the privacy
// notice, the copy, the "before going live" list) goes through this one rule.

export function purposeLegalBasis(own: string | null, categoryBasis: string | null): string | null {
  return own ?? categoryBasis;
}

/** A category with each purpose's basis as shown: its own, else the category's. */
export function withPurposeBases<
  C extends { legalBasis: string | null; purposes: { legalBasis: string | null }[] },
>(category: C): C {
  return {
    ...category,
    purposes: category.purposes.map((p) => ({
      ...p,
      legalBasis: purposeLegalBasis(p.legalBasis, category.legalBasis),
    })),
  };
}
