import { describe, expect, it } from "vitest";
import { escapeHtml } from "./html";

describe("escapeHtml", () => {
  it("escapes the five characters that matter in text and in quoted attributes", () => {
    expect(escapeHtml(`<img src="x" onerror='y'>&`)).toBe(
      "&lt;img src=&quot;x&quot; onerror=&#39;y&#39;&gt;&amp;",
    );
  });

  it("leaves other text as it is", () => {
    expect(escapeHtml("Åsa Öberg — 070-174 06 05")).toBe("Åsa Öberg — 070-174 06 05");
  });
});
