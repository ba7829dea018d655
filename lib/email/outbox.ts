// The demo's local email outbox: every email the portal would have sent, newest first. It exists only
// in demo mode (the page answers 404 otherwise), where the addresses are the demo's own.
import { db } from "../db";
import { isDemo } from "../env";
import { AppError } from "../errors";
import { usableAddress } from "../validation/email-address";

/** The latest 50 emails, to one address or to all; something that is no address shows nothing. */
export async function demoOutbox(to: string | undefined) {
  if (!isDemo()) throw new AppError("not_found");
  const filter = to ? usableAddress(to) : undefined;
  if (filter === null) return [];
  return db.emailMessage.findMany({
    where: filter ? { to: filter } : {},
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}
