// What the worker does for each queue. Handlers are plain functions so tests can call them directly.
import type { QueueName } from "./queue";
import { deliverEmail } from "../email/send";
import { syncNewsletterContact } from "../newsletter/sync";

export type JobHandler = (data: Record<string, unknown>) => Promise<unknown>;

export const HANDLERS: Partial<Record<QueueName, JobHandler>> = {
  "email.send": async (data) => deliverEmail(String(data.id)),
  "newsletter.sync": async (data) => syncNewsletterContact(String(data.personId)),
};
