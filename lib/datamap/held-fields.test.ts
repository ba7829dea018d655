// The field lists narrow the data map's links and never contradict them.
import { describe, expect, it } from "vitest";
import { FIELD_CATEGORY, type ChangeField } from "@/lib/privacy/rectification/fields";
import { CATEGORIES } from "./policy-map";
import { HELD_FIELDS, heldOf } from "./held-fields";

describe("held fields per link", () => {
  it("name only links the policy map has, and only fields of the link's category", () => {
    for (const [category, links] of Object.entries(HELD_FIELDS)) {
      const policy = CATEGORIES.find((c) => c.key === category)!;
      for (const [recipient, fields] of Object.entries(links ?? {})) {
        expect(policy.recipients, `${category} → ${recipient}`).toContain(recipient);
        for (const f of fields ?? [])
          expect(FIELD_CATEGORY[f], `${category} → ${recipient}: ${f}`).toBe(category);
      }
    }
  });

  it("every correctable field is held by Microsoft 365, where all data is kept", () => {
    const all = Object.keys(FIELD_CATEGORY) as ChangeField[];
    for (const f of all) expect(heldOf(FIELD_CATEGORY[f], "m365", [f]), f).toEqual([f]);
  });

  it("a link not listed (one an admin added) holds every changed field of its category", () => {
    expect(heldOf("addresses", "courier_x", ["email", "billingCity", "firstName"])).toEqual([
      "email",
      "billingCity",
    ]);
    expect(heldOf("identity", "wix", ["firstName"])).toEqual(["firstName"]);
  });

  it("a listed link holds only its fields", () => {
    expect(heldOf("addresses", "paypal", ["deliveryCity", "billingCity"])).toEqual(["billingCity"]);
    expect(heldOf("contact", "transport", ["language"])).toEqual([]);
  });
});
