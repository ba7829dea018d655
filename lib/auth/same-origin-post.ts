// Whether a state-changing request was sent by the portal's own pages. Browsers say so in
// Sec-Fetch-Site; where they do not, the Origin header must be the portal's. A request that carries
// neither is refused: a browser that sends neither cannot tell the portal where the form came from.
import { env } from "../env";

export function isSameOriginPost(headers: Headers, portalOrigin: string = env().PORTAL_URL): boolean {
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  return origin === new URL(portalOrigin).origin;
}
