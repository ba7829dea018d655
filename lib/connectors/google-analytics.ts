// Google Analytics 4: erasure only. GA4 has no per-person export, so a copy reports "no_export" for it;
// an erasure sends one user-deletion request per identifier the person is known by there
// (Admin API v1alpha properties.submitUserDeletion, a service account with the analytics.edit scope).
// Google deletes the user's events within its own processing time; a repeated request for the same
// identifier is accepted again, so a retried erasure does not fail.
//
// The identifiers are the GA client ids of the person's browsers (the `_ga` cookie's value). The portal
// does not store them yet, so the caller supplies them (`clientIds`); without any, nothing the company
// could link to the person is held there and the erasure reports "nothing_held".
import { ConnectorError } from "./errors";
import { connectorHttp, type ConnectorHttp, type HttpClientConfig, type TokenProvider } from "./http";
import { serviceAccount, type ServiceAccountKey } from "./oauth";
import type { ActionOutcome, Connector, Subject } from "./types";

export const GA_KEY = "google_analytics";
export const GA_SCOPE = "https://www.googleapis.com/auth/analytics.edit";
export const GA_BASE_URL = "https://analyticsadmin.googleapis.com";

/** One identifier GA4 knows a user by; a deletion request carries exactly one. */
export type GaIdentifier =
  { clientId: string } | { userId: string } | { appInstanceId: string } | { userProvidedData: string };

export type GoogleAnalyticsConfig = {
  /** The GA4 property's number (Admin → Property details), digits only. */
  propertyId?: string;
  /** The service account's JSON key. */
  key?: ServiceAccountKey;
  /** Where the service account's JWT is exchanged (default: the key's token_uri). */
  tokenUrl?: string;
  /** Default: Google's Analytics Admin API. */
  baseUrl?: string;
  /** Tokens from elsewhere instead of the service account key. */
  tokens?: TokenProvider;
  http?: Pick<HttpClientConfig, "timeoutMs" | "retry" | "fetch">;
};

/** The GA client ids of the person's browsers. */
export type GaClientIds = (subject: Subject) => Promise<readonly string[]>;

type Ready = { http: ConnectorHttp; propertyId: string };

function ready(config: GoogleAnalyticsConfig): Ready | null {
  if (!config.propertyId || (!config.key && !config.tokens)) return null;
  if (!/^\d+$/.test(config.propertyId)) throw new ConnectorError(`${GA_KEY}_bad_config`);
  const tokens =
    config.tokens ??
    serviceAccount({
      connector: GA_KEY,
      key: config.key!,
      scopes: [GA_SCOPE],
      ...(config.tokenUrl ? { tokenUrl: config.tokenUrl } : {}),
      ...(config.http ? { http: config.http } : {}),
    });
  return {
    propertyId: config.propertyId,
    http: connectorHttp({
      connector: GA_KEY,
      baseUrl: config.baseUrl ?? GA_BASE_URL,
      auth: { type: "bearer", tokens },
      ...config.http,
    }),
  };
}

/** One user-deletion request; answers Google's deletionRequestTime (ISO 8601), when it gives one. */
export async function submitUserDeletion(
  target: Ready,
  identifier: GaIdentifier,
  signal?: AbortSignal,
): Promise<string | null> {
  const keys = Object.keys(identifier);
  if (keys.length !== 1) throw new ConnectorError(`${GA_KEY}_bad_identifier`);
  const { body } = await target.http.call<{ deletionRequestTime?: string }>(
    "POST",
    `/v1alpha/properties/${target.propertyId}:submitUserDeletion`,
    { json: identifier, ...(signal ? { signal } : {}) },
  );
  return typeof body?.deletionRequestTime === "string" ? body.deletionRequestTime : null;
}

export function googleAnalyticsConnector(
  config: GoogleAnalyticsConfig,
  clientIds: GaClientIds = async () => [],
): Connector {
  let target: Ready | null | undefined;
  const get = () => (target === undefined ? (target = ready(config)) : target);
  return {
    key: GA_KEY,
    recipients: async () => [GA_KEY],
    // GA4 cannot export one person's data; nothing is asked.
    list: async () => (get() ? { status: "no_export" } : { status: "not_configured" }),
    erase: async (subject, ctx): Promise<ActionOutcome> => {
      const t = get();
      if (!t) return { status: "not_configured" };
      const ids = [...new Set((await clientIds(subject)).filter((id) => id.trim() !== ""))];
      if (ids.length === 0) return { status: "nothing_held" };
      let at: string | null = null;
      for (const clientId of ids) {
        at = (await submitUserDeletion(t, { clientId }, ctx.signal)) ?? at;
      }
      return { status: "done", count: ids.length, ...(at ? { at } : {}) };
    },
  };
}
