// Whether the newsletter partner is connected (RESEND_API_KEY is set), and how a correction notice
// reached a recipient, as the person is told: "automatically" only when the portal reached the recipient
// itself, otherwise "our staff will tell them". The connectors an admin configures (WIX, Microsoft 365,
// PayPal, Google Analytics) are connected per lib/connectors/config.ts (connectedConnectors), and a
// correction through one of them is told by its ConnectorOutcome.
import { env } from "../env";
import type { Locale } from "../i18n/config";
import { outcomeWords } from "./outcome-words";

/** The connectors the portal can drive itself, each with the check that it is configured. */
const CONNECTED: Record<string, () => boolean> = {
  newsletter: () => Boolean(env().RESEND_API_KEY),
};

export function connectorConnected(connector: string): boolean {
  return Object.hasOwn(CONNECTED, connector) ? CONNECTED[connector]!() : false;
}

/**
 * How a correction notice reaches a recipient, as the person is told: "connector" notices (the
 * newsletter partner's sync) are automatic only while the partner is connected.
 */
export function toldBy(
  how: "connector" | "staff_task",
  connector = "newsletter",
  outcome?: Pick<ToldOutcome, "status"> | null,
): "automatic" | "staff" {
  // Passed on by a configured connector (WIX, Microsoft 365, PayPal): automatic unless it gave up and
  // staff took over.
  if (outcome) return STAFF_OUTCOMES.has(outcome.status) ? "staff" : "automatic";
  return how === "connector" && connectorConnected(connector) ? "automatic" : "staff";
}

/** What a configured connector did with a correction, as its ConnectorOutcome row says. */
export type ToldOutcome = { connector: string; status: string; reason: string | null; at: Date | null };

/** Outcomes after which staff tell the recipient (the connector failed or was switched off). */
const STAFF_OUTCOMES: ReadonlySet<string> = new Set(["failed", "not_configured", "staff_task"]);

/**
 * How a connector passed a correction on, in the person's words and without the recipient's name
 * (shown beside it): "corrected automatically, 7 December 2026", "being corrected automatically",
 * "invoices already issued are not changed; ask PayPal at …".
 */
export function toldHow(outcome: ToldOutcome, name: string, locale: Locale): string {
  const sentence = outcomeWords({ ...outcome, action: "correct" }, locale, name);
  return sentence.startsWith(`${name}: `) ? sentence.slice(name.length + 2) : sentence;
}
