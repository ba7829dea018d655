// The newsletter form's schemas, shared by the server actions (field errors) and the use-cases (which
// parse again). Messages are error codes, translated in messages/<locale>/newsletter.json under "errors".
import { z } from "zod";

/** Consent topic keys as the settings page allows them (lib/staff/settings.ts). */
const TOPIC_KEY = /^[a-z][a-z0-9_]{1,39}$/;

const subject = z.string().trim().min(1, "subject_required").max(150, "subject_too_long");
const body = z.string().trim().min(1, "body_required").max(20_000, "body_too_long");

export const newsletterInput = z.object({
  topic: z.string().trim().regex(TOPIC_KEY, "topic_invalid"),
  subjectSv: subject,
  bodySv: body,
  subjectEn: subject,
  bodyEn: body,
});
export type NewsletterInput = z.infer<typeof newsletterInput>;

/** Sending: the composed newsletter plus the key the preview handed out (one send per key). */
export const sendNewsletterInput = newsletterInput.extend({
  sendKey: z.uuid("send_key_invalid"),
});
export type SendNewsletterInput = z.infer<typeof sendNewsletterInput>;
