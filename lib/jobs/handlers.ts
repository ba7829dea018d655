// What the worker does for each queue. Every job runs through the use-case kernel as its own system
// principal, allowed exactly the job's action in the policy table (lib/auth/policy.ts), so a job is an
// entry point like a page or a route. Handlers take the job's data, so tests can call them directly.
import { defineUseCase } from "@/lib/kernel/use-case";
import { systemActor, type SystemName } from "../auth/actor";
import type { Action } from "../auth/policy";
import type { QueueName } from "./queue";
import { deliverEmail } from "../email/send";
import { copyBuildJob, copyExpireJob } from "../privacy/copy/jobs";
import { syncNewsletterContact } from "../newsletter/sync";
import { erasureJob } from "../erasure/run";
import { retentionJob } from "../erasure/retention";
import { newsletterSendJob } from "../newsletter/send-newsletter";
import { closeExpiredImpersonations } from "../staff/impersonation";
import { connectorCorrectJob } from "../connectors/correct-job";

export type JobHandler = (data: Record<string, unknown>) => Promise<unknown>;

function job(
  queue: QueueName,
  principal: SystemName,
  action: Action,
  run: (data: Record<string, unknown>) => Promise<unknown>,
): JobHandler {
  const useCase = defineUseCase(
    `job.${queue}`,
    { action, callers: ["system"] },
    async (_system, data: Record<string, unknown>) => run(data),
  );
  return (data) => useCase(systemActor(principal), data);
}

export const HANDLERS: Partial<Record<QueueName, JobHandler>> = {
  "email.send": job("email.send", "email", "email.deliver", (data) => deliverEmail(String(data.id))),
  "copy.build": job("copy.build", "copy.build", "copy.build", copyBuildJob),
  "copy.expire": job("copy.expire", "copy.expire", "copy.expire", copyExpireJob),
  "newsletter.sync": job("newsletter.sync", "newsletter-sync", "newsletter.sync", (data) =>
    syncNewsletterContact(String(data.personId)),
  ),
  "erasure.run": job("erasure.run", "erasure", "erasure.run", erasureJob),
  "retention.sweep": job("retention.sweep", "retention", "retention.run", () => retentionJob()),
  "newsletter.send": job("newsletter.send", "newsletter-send", "newsletter.deliver", (data) =>
    newsletterSendJob(String(data.sendId)),
  ),
  "connector.correct": job("connector.correct", "connector-correct", "connector.correct", (data) =>
    connectorCorrectJob(data),
  ),
  "impersonation.expire": job("impersonation.expire", "impersonation-expiry", "impersonation.expire", () =>
    closeExpiredImpersonations(),
  ),
};
