// Every place personal data lives, in the order a copy lists them: the portal's own database, the
// newsletter partner (its contact, and its topic choices when topics are linked), each automated connector an admin has configured (WIX, Microsoft 365, PayPal,
// Google Analytics), and last the recipients staff search by hand (every recipient no connected
// connector serves).
import { query } from "../db/read-pool";
import { configuredConnectors } from "./config";
import { topicsConnector } from "../newsletter/topics";
import { manualConnector } from "./manual";
import { newsletterConnector } from "./newsletter";
import { portalConnector } from "./portal-db";
import type { Connector } from "./types";

/** The data map's recipients a connector serves (Recipient.connector), so an admin's edits apply. */
export function servingDataMapRecipients(connector: Connector): Connector {
  return {
    ...connector,
    key: connector.key,
    recipients: async () =>
      (
        await query<{ key: string }>(`SELECT key FROM "Recipient" WHERE connector = $1 ORDER BY key ASC`, [
          connector.key,
        ])
      ).map((r) => r.key),
  };
}

/** The automated connectors configured now, each serving its data-map recipients. */
export async function automatedConnectors(): Promise<Connector[]> {
  return (await configuredConnectors()).map(servingDataMapRecipients);
}

export async function activeConnectors(): Promise<Connector[]> {
  const [automated, topics] = await Promise.all([automatedConnectors(), topicsConnector()]);
  return [portalConnector, newsletterConnector(), ...(topics ? [topics] : []), ...automated, manualConnector];
}
