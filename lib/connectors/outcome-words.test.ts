// One outcome, one sentence, in Swedish and English: what the erasure receipt, the staff console and the
// person's pages say a system did.
import { describe, expect, it } from "vitest";
import { outcomeWords } from "./outcome-words";
import { PAYPAL_ERASE_REFUSAL, PAYPAL_PRIVACY_URL } from "./paypal";

const AT = new Date("2026-12-07T10:00:00Z");

describe("outcome words", () => {
  it("say per system what an erasure did, in English", () => {
    const en = (o: Parameters<typeof outcomeWords>[0]) => outcomeWords(o, "en");
    expect(en({ connector: "wix", action: "erase", status: "done", count: 3, at: AT })).toBe(
      "WIX: erased automatically, 7 December 2026",
    );
    expect(en({ connector: "google_analytics", action: "erase", status: "done", count: 2, at: AT })).toBe(
      "Google Analytics: deletion requested automatically, 7 December 2026",
    );
    expect(en({ connector: "microsoft_365", action: "erase", status: "done", count: 1, at: AT })).toBe(
      "Microsoft 365: 1 list item erased automatically, 7 December 2026",
    );
    expect(
      en({ connector: "microsoft_365", action: "erase", status: "needs_confirmation", count: 2, erased: 3 }),
    ).toBe(
      "Microsoft 365: 3 list items erased automatically; 2 e-mails are checked by our staff before deletion",
    );
    expect(
      en({ connector: "paypal", action: "erase", status: "refused", reason: PAYPAL_ERASE_REFUSAL }),
    ).toBe(`PayPal: keeps its invoices as bookkeeping records; ask PayPal at ${PAYPAL_PRIVACY_URL}`);
    expect(en({ connector: "wix", action: "erase", status: "refused", reason: "site_member" })).toBe(
      "WIX could not erase your contact automatically (you are a member of the website); our staff will handle it",
    );
    expect(en({ connector: "wix", action: "erase", status: "refused", reason: "something_new" })).toBe(
      "WIX refused to erase automatically; our staff will handle it",
    );
    expect(en({ connector: "wix", action: "erase", status: "failed", reason: "wix_unavailable" })).toBe(
      "WIX could not be reached automatically; our staff will handle it",
    );
    // Without a date the sentence ends at the system's answer.
    expect(en({ connector: "wix", action: "erase", status: "done" })).toBe("WIX: erased automatically");
  });

  it("in Swedish, and for copies and corrections too", () => {
    expect(outcomeWords({ connector: "wix", action: "erase", status: "done", at: AT }, "sv")).toBe(
      "WIX: raderat automatiskt, 7 december 2026",
    );
    expect(
      outcomeWords(
        { connector: "microsoft_365", action: "erase", status: "needs_confirmation", count: 1, erased: 0 },
        "sv",
      ),
    ).toBe(
      "Microsoft 365: inget att radera automatiskt; 1 e-postmeddelande granskas av vår personal innan det raderas",
    );
    expect(
      outcomeWords({ connector: "google_analytics", action: "copy", status: "no_export" }, "en"),
    ).toMatch(/^Google Analytics: cannot export/);
    expect(outcomeWords({ connector: "wix", action: "correct", status: "done", at: AT }, "sv")).toBe(
      "WIX: rättat automatiskt, 7 december 2026",
    );
    // Every status an outcome row can hold has words in both languages.
    for (const locale of ["sv", "en"] as const) {
      for (const action of ["copy", "correct", "erase"]) {
        for (const status of [
          "done",
          "nothing_held",
          "refused",
          "needs_confirmation",
          "staff_task",
          "not_configured",
          "failed",
          "pending",
        ]) {
          const words = outcomeWords({ connector: "wix", action, status }, locale);
          expect(words, `${locale} ${action} ${status}`).not.toBe(`WIX: ${status}`);
        }
      }
    }
  });
});
