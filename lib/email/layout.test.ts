import { describe, expect, it } from "vitest";
import { renderLayout } from "./layout";

describe("the email layout", () => {
  const mail = renderLayout("en", {
    subject: "A <subject>",
    paragraphs: ["Hello & welcome", "Line one\nline two"],
    action: { label: "Open", url: "https://portal.example/x?a=1&b=2" },
    footer: ["Sent by Company", [{ label: "Unsubscribe", url: "https://portal.example/u" }]],
  });

  it("escapes every text and keeps line breaks inside a paragraph", () => {
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain("<title>A &lt;subject&gt;</title>");
    expect(mail.html).toContain("<p>Hello &amp; welcome</p>");
    expect(mail.html).toContain("<p>Line one<br>line two</p>");
    expect(mail.html).toContain('href="https://portal.example/x?a=1&amp;b=2"');
    expect(mail.html).toContain('<a href="https://portal.example/u">Unsubscribe</a>');
  });

  it("loads nothing remote", () => {
    expect(mail.html).not.toMatch(/<img|<link|<script|url\(/i);
  });

  it("has the same words as a text part", () => {
    expect(mail.text).toBe(
      [
        "Hello & welcome",
        "Line one\nline two",
        "Open: https://portal.example/x?a=1&b=2",
        "--",
        "Sent by Company",
        "Unsubscribe: https://portal.example/u",
      ].join("\n\n"),
    );
  });
});
