// Client components get texts the server formatted: a message with a mark left for a value only the
// browser knows reads the same, once filled, as the message formatted with that value.
import { describe, expect, it } from "vitest";
import { LOCALES } from "./config";
import { textsUnder, withSlots } from "./client-texts";
import { fill } from "./fill";
import { loadMessages, translator } from "./messages";

describe.each(LOCALES)("texts for client components (%s)", (locale) => {
  it("a slot filled in the browser reads as the server's own formatting", () => {
    const deletion = translator(locale, "deletion");
    const endsAt = "12 december 2026 14:30";
    expect(fill(withSlots(deletion, "results.started", ["endsAt"]), { endsAt })).toBe(
      deletion("results.started", { endsAt }),
    );
    const copy = translator(locale, "copy");
    expect(fill(withSlots(copy, "progress", ["progress"]), { progress: 42 })).toBe(
      copy("progress", { progress: 42 }),
    );
  });

  it("every error code of a form gets its formatted text", () => {
    const raw = loadMessages(locale).details!.errors as Record<string, string>;
    const t = translator(locale, "details");
    const texts = textsUnder(t, "errors");
    expect(Object.keys(texts).sort()).toEqual(Object.keys(raw).sort());
    for (const code of Object.keys(raw)) expect(texts[code]).toBe(t(`errors.${code}`));
  });
});

describe("fill", () => {
  it("leaves a mark it has no value for, and puts values in as given", () => {
    expect(fill("{a} and {b}", { a: "x" })).toBe("x and {b}");
    expect(fill("{n} %", { n: 0 })).toBe("0 %");
    expect(fill("$& {a}", { a: "$1" })).toBe("$& $1");
  });
});
