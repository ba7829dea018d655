import { z } from "zod";
import { CHANNELS } from "./rules";

// The ticked boxes: one pair per channel and topic the person wants. Topics are data, so the
// use-case checks them against the active ConsentTopic rows.
export const savePreferencesInput = z.object({
  wanted: z
    .array(
      z.object({
        channel: z.enum(CHANNELS),
        topic: z.string().regex(/^[a-z0-9_-]{1,64}$/, "unknown_topic"),
      }),
    )
    .max(200),
});
export type SavePreferencesInput = z.infer<typeof savePreferencesInput>;

/** Checkbox names on the page: `want.<channel>.<topic>`. */
export function wantedFromForm(form: FormData): SavePreferencesInput["wanted"] {
  const wanted: { channel: string; topic: string }[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || value !== "on") continue;
    const m = /^want\.([a-z]+)\.(.+)$/.exec(name);
    if (m) wanted.push({ channel: m[1]!, topic: m[2]! });
  }
  return wanted as SavePreferencesInput["wanted"];
}
