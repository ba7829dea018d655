// The newsletter partner (Resend contacts, through the SDK). Without an API key nothing can be asked
// automatically: the connector says so, and the copy asks staff to check by hand.
import { resendClient, type ResendConfig } from "../email/resend-client";
import { env } from "../env";
import { ConnectorError } from "./errors";
import { arrayFeed, columnsOf, iso } from "./feeds";
import type { Connector, SectionSpec } from "./types";

export const NEWSLETTER_SECTION: SectionSpec = {
  category: "marketing",
  key: "newsletter_partner_contact",
  heldBy: "newsletter",
  single: true,
  columns: columnsOf({
    contactId: "string",
    email: "string",
    firstName: "string",
    lastName: "string",
    unsubscribed: "boolean",
    createdAt: "datetime",
  }),
};

export function newsletterConnector(
  config: ResendConfig = {
    apiKey: env().RESEND_API_KEY,
    baseUrl: env().RESEND_BASE_URL,
  },
): Connector {
  return {
    key: "newsletter",
    recipients: async () => ["newsletter"],
    list: async (subject, ctx) => {
      const resend = resendClient(config);
      if (!resend) return { status: "not_configured" };
      const { data, error } = await resend.contacts.get({ email: subject.email }, { signal: ctx.signal });
      if (error) {
        // The error's message is the provider's; only its kind is kept (it may echo the address).
        if (error.statusCode === 404 || error.name === "not_found") return { status: "nothing_held" };
        throw new ConnectorError(`newsletter_${error.name ?? "error"}`);
      }
      if (!data) return { status: "nothing_held" };
      return {
        status: "ok",
        feeds: [
          arrayFeed(
            [NEWSLETTER_SECTION],
            [
              {
                contactId: data.id,
                email: data.email,
                firstName: data.first_name ?? null,
                lastName: data.last_name ?? null,
                unsubscribed: Boolean(data.unsubscribed),
                createdAt: data.created_at ? iso(new Date(data.created_at)) : null,
              },
            ],
          ),
        ],
      };
    },
  };
}
