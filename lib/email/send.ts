// Every email is a row in EmailMessage plus a job, written in the caller's transaction, so an email
// is never silently dropped: delivery is retried, and a send that fails for good stays visible.
// With RESEND_API_KEY the job sends through the Resend SDK (honouring RESEND_BASE_URL); without it,
// in demo mode, the row is the local outbox (/dev/outbox). Production without a key is an error.
import { db, type Tx } from "../db";
import { env } from "../env";
import { enqueue } from "../jobs/queue";
import { resendClient } from "./resend-client";

export type OutgoingEmail = {
  to: string;
  kind: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  personId?: string | null;
};

export async function queueEmail(tx: Tx, email: OutgoingEmail): Promise<string> {
  const row = await tx.emailMessage.create({
    data: {
      to: email.to,
      kind: email.kind,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
      personId: email.personId ?? null,
    },
  });
  await enqueue(tx, "email.send", { id: row.id });
  return row.id;
}

/** The job: deliver one queued email. Throws on failure so the queue retries. */
export async function deliverEmail(id: string): Promise<"sent" | "outbox" | "gone"> {
  const msg = await db.emailMessage.findUnique({ where: { id } });
  if (!msg) return "gone"; // erased with the person before delivery
  if (msg.status === "sent" || msg.status === "outbox") return msg.status;
  const e = env();
  if (!e.RESEND_API_KEY) {
    if (e.PORTAL_MODE !== "demo") {
      await db.emailMessage.update({
        where: { id },
        data: { status: "failed", error: "no email transport configured", attempts: { increment: 1 } },
      });
      throw new Error("No email transport: set RESEND_API_KEY in production mode.");
    }
    await db.emailMessage.update({ where: { id }, data: { status: "outbox", sentAt: new Date() } });
    if (msg.kind === "sign-in" || msg.kind === "step-up") {
      const link = /https?:\/\/\S+\/sign-in\/confirm\?\S+/.exec(msg.text)?.[0];
      if (link) console.log(`[demo] sign-in link (also in /dev/outbox): ${link}`);
    }
    return "outbox";
  }
  const { data, error } = await resendClient()!.emails.send({
    from: e.EMAIL_FROM,
    to: msg.to,
    subject: msg.subject,
    html: msg.html,
    text: msg.text,
    headers: (msg.headers as Record<string, string> | null) ?? undefined,
  });
  if (error) {
    await db.emailMessage.update({
      where: { id },
      data: { status: "retrying", error: error.name ?? "send_failed", attempts: { increment: 1 } },
    });
    throw new Error(`Email ${id} was not accepted by the provider: ${error.name ?? "error"}`);
  }
  // Outside demo mode the body (which may hold a sign-in link) is not kept once delivered.
  const keepBody = e.PORTAL_MODE === "demo";
  await db.emailMessage.update({
    where: { id },
    data: {
      status: "sent",
      sentAt: new Date(),
      providerId: data?.id ?? null,
      attempts: { increment: 1 },
      error: null,
      ...(keepBody ? {} : { html: "", text: "" }),
    },
  });
  return "sent";
}
