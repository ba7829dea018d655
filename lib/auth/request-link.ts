// The one way to ask for a sign-in link: the portal's form, the step-up page and Auth.js's own
// endpoint (POST /api/auth/signin/email, answered in app/api/auth/[...nextauth]/route.ts) all come
// here. The address is normalised and validated, the rate limits apply, and the answer is the same
// for addresses the company knows and does not know (docs/decisions/0004-sign-in-links.md,
// docs/decisions/0016-sign-in-rate-limits-and-link-callback.md).
import { db, type Tx } from "../db";
import { env } from "../env";
import { getSettings, type Settings } from "../settings";
import { audit } from "../audit/append";
import { queueEmail } from "../email/send";
import { renderEmail } from "../email/templates";
import { DEFAULT_LOCALE } from "../i18n/config";
import { systemActor } from "./actor";
import { signIn } from "./auth";
import { linkRequestScope, type LinkRequestFrom } from "./link-request-context";
import { normaliseEmail, whoIsAt } from "./people";
import { hit } from "./rate-limit";
import { safeNext } from "./safe-next";
import { requestLinkInput } from "./sign-in.validation";

/**
 * However many clients ask for one address, at most this many times the per-client budget is sent
 * to it in a window: enough that no one is kept out by a handful of clients, while an inbox cannot
 * be flooded without end.
 */
export const ADDRESS_CEILING_FACTOR = 10;

export type LinkRequestResult =
  | { outcome: "sent" }
  | { outcome: "limited" }
  | { outcome: "invalid"; error: "email_required" | "email_invalid" };

export async function requestSignInLink(
  input: { email?: unknown; next?: unknown },
  from: LinkRequestFrom,
): Promise<LinkRequestResult> {
  // NFKC first, then validate: a look-alike "@" must not turn into a second address later.
  const email = typeof input.email === "string" ? normaliseEmail(input.email) : input.email;
  const parsed = requestLinkInput.safeParse({
    email,
    next: typeof input.next === "string" ? input.next : undefined,
  });
  if (!parsed.success) {
    const code = parsed.error.issues[0]?.message === "email_required" ? "email_required" : "email_invalid";
    return { outcome: "invalid", error: code };
  }
  const address = parsed.data.email;
  const settings = await getSettings();
  const outcome = await db.$transaction(async (tx) => {
    const limitedBy = await overLimit(tx, address, from.client, settings);
    if (limitedBy) {
      await audit(tx, systemActor("auth"), { action: "auth.rate_limited", meta: { by: limitedBy } });
      return "limited" as const;
    }
    const { person, staff } = await whoIsAt(address, tx);
    if (person || staff) {
      await audit(tx, systemActor("auth"), { action: "auth.link_requested", personId: person?.id ?? null });
      return "known" as const;
    }
    const mail = renderEmail(from.locale ?? DEFAULT_LOCALE, "nothingHeld", { contact: env().COMPANY_EMAIL });
    await queueEmail(tx, { to: address, kind: "nothing-held", ...mail });
    await audit(tx, systemActor("auth"), { action: "auth.link_requested_unknown" });
    return "unknown" as const;
  });
  if (outcome === "limited") return { outcome: "limited" };
  if (outcome === "known") {
    // Auth.js makes and stores the token and calls the email provider, which queues the link.
    await linkRequestScope.run({ address, locale: from.locale }, () =>
      signIn("email", { email: address, redirectTo: safeNext(parsed.data.next), redirect: false }),
    );
  }
  return { outcome: "sent" };
}

/**
 * Three counters, narrowest first; a request refused by one does not count in the wider ones, so
 * one client cannot use up an address's ceiling alone.
 * - per client: how many links one network asks for, whatever the addresses;
 * - per address and client: how many links one network asks for one address (the setting
 *   "per address"); another network's requests do not spend the owner's budget;
 * - per address: a ceiling over all clients, ADDRESS_CEILING_FACTOR times the per-address setting.
 */
async function overLimit(
  tx: Tx,
  address: string,
  client: string,
  settings: Settings,
): Promise<"client" | "address" | "address-ceiling" | null> {
  const window = settings.signInLimitWindowMinutes;
  const perClient = await hit(tx, "signin-client", client, settings.signInLimitPerClient, window);
  if (!perClient.allowed) return "client";
  const perPair = await hit(
    tx,
    "signin-address-client",
    `${address}\n${client}`,
    settings.signInLimitPerAddress,
    window,
  );
  if (!perPair.allowed) return "address";
  const ceiling = await hit(
    tx,
    "signin-address",
    address,
    settings.signInLimitPerAddress * ADDRESS_CEILING_FACTOR,
    window,
  );
  if (!ceiling.allowed) return "address-ceiling";
  return null;
}
