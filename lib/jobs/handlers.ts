// What the worker does for each queue. Handlers are plain functions so tests can call them directly.
import type { QueueName } from "./queue";
import { deliverEmail } from "../email/send";
import { copyBuildJob, copyExpireJob } from "../privacy/copy/jobs";
import { syncNewsletterContact } from "../newsletter/sync";
import { erasureJob } from "../erasure/run";
import { retentionJob } from "../erasure/retention";
import { newsletterSendJob } from "../newsletter/send-newsletter";

export type JobHandler = (data: Record<string, unknown>) => Promise<unknown>;

export const HANDLERS: Partial<Record<QueueName, JobHandler>> = {
  "email.send": async (data) => deliverEmail(String(data.id)),
  "copy.build": copyBuildJob,
  "copy.expire": copyExpireJob,
  "newsletter.sync": async (data) => syncNewsletterContact(String(data.personId)),
  "erasure.run": erasureJob,
  "retention.sweep": async () => retentionJob(),
  "newsletter.send": async (data) => newsletterSendJob(String(data.sendId)),
};
