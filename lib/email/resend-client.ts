// The one Resend SDK client for the process, for emails (lib/email/send.ts), the newsletter partner
// (lib/newsletter/partner.ts) and the newsletter connector. Kept while the key and base URL stay the
// same (tests change them between runs), made anew when either changes.
import { Resend } from "resend";
import { env } from "../env";

export type ResendConfig = { apiKey?: string; baseUrl?: string };

let client: { key: string; base?: string; sdk: Resend } | undefined;

/** null when no API key is configured. */
export function resendClient(
  config: ResendConfig = { apiKey: env().RESEND_API_KEY, baseUrl: env().RESEND_BASE_URL },
): Resend | null {
  const { apiKey, baseUrl } = config;
  if (!apiKey) return null;
  if (!client || client.key !== apiKey || client.base !== baseUrl) {
    client = { key: apiKey, base: baseUrl, sdk: new Resend(apiKey, baseUrl ? { baseUrl } : undefined) };
  }
  return client.sdk;
}
