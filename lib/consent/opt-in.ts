// Double opt-in for email marketing on consent: a random token (only its keyed hash is stored), valid
// for 7 days, emailed to the person's address in their language. The link opens a page with a button;
// only pressing it confirms (mail scanners open links, they do not press buttons).
import { randomBytes } from "node:crypto";
import type { Tx } from "../db";
import { env } from "../env";
import { keyedHash } from "../crypto/keys";
import { queueEmail } from "../email/send";
import { renderEmail } from "../email/templates";
import { localeOf } from "../i18n/config";
import type { LockedPerson } from "./ledger";

export const OPT_IN_DAYS = 7;

export function optInHash(raw: string): string {
  return keyedHash("opt-in", raw);
}

export async function issueOptIn(
  tx: Tx,
  person: LockedPerson,
  topics: string[],
  now = new Date(),
): Promise<string> {
  const raw = randomBytes(32).toString("base64url");
  const token = await tx.optInToken.create({
    data: {
      personId: person.id,
      tokenHash: optInHash(raw),
      topics,
      expiresAt: new Date(now.getTime() + OPT_IN_DAYS * 86_400_000),
    },
  });
  const url = new URL("/confirm-subscription", env().PORTAL_URL);
  url.searchParams.set("token", raw);
  const locale = localeOf(person.language);
  const mail = renderEmail(locale, "optInConfirm", {}, { url: url.toString() });
  await queueEmail(tx, { to: person.email, kind: "optInConfirm", ...mail, personId: person.id });
  return token.id;
}

/** True when an unconfirmed, unexpired token already covers every one of the topics. */
export async function liveOptInCovers(
  tx: Tx,
  personId: string,
  topics: string[],
  now = new Date(),
): Promise<boolean> {
  const live = await tx.optInToken.findMany({
    where: { personId, confirmedAt: null, expiresAt: { gt: now } },
    select: { topics: true },
  });
  const covered = new Set(live.flatMap((t) => t.topics));
  return topics.every((t) => covered.has(t));
}
