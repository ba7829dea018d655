// The partner's contact events we act on (Resend: contact.created / updated / deleted, and
// contact.topics.updated). Anything
// else is acknowledged and ignored, so the partner does not retry it forever.
import { z } from "zod";
import type { PartnerEvent } from "../consent/apply-partner-event";

const contactEvent = z.object({
  type: z.enum(["contact.created", "contact.updated", "contact.deleted"]),
  created_at: z.string().optional(),
  data: z.object({
    email: z.string().trim().min(3).max(320),
    unsubscribed: z.boolean().optional(),
    updated_at: z.string().optional(),
  }),
});

const anyEvent = z.object({ type: z.string().max(100) });

export type ParsedWebhook =
  | { kind: "contact"; event: PartnerEvent }
  /** A contact's topic choices changed (read with the linked topics: lib/newsletter/topics.ts). */
  | { kind: "topics" }
  | { kind: "ignored" }
  | { kind: "invalid" };

export function parseWebhook(body: string): ParsedWebhook {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: "invalid" };
  }
  const base = anyEvent.safeParse(json);
  if (!base.success) return { kind: "invalid" };
  if (base.data.type === "contact.topics.updated") return { kind: "topics" };
  if (!base.data.type.startsWith("contact.")) return { kind: "ignored" };
  const parsed = contactEvent.safeParse(json);
  if (!parsed.success) return { kind: "invalid" };
  const { type, data } = parsed.data;
  const updated = data.updated_at ? new Date(data.updated_at) : null;
  return {
    kind: "contact",
    event: {
      type,
      email: data.email,
      unsubscribed: data.unsubscribed ?? false,
      updatedAt: updated && !Number.isNaN(updated.getTime()) ? updated : null,
    },
  };
}
