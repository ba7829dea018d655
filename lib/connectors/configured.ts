// Whether a recipient's connector is really connected, so every text about a recipient says what
// actually happens: "automatically" only when the portal can reach the recipient itself, otherwise
// "our staff will tell them". The newsletter partner is connected when RESEND_API_KEY is set; every
// other recipient is reached by staff (lib/connectors/manual.ts).
import { env } from "../env";

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
export function toldBy(how: "connector" | "staff_task", connector = "newsletter"): "automatic" | "staff" {
  return how === "connector" && connectorConnected(connector) ? "automatic" : "staff";
}
