// The client's network address, as the portal's web server (scripts/web-server.mjs) determined it
// from the socket and TRUSTED_PROXY_HOPS. Nothing else in the portal reads X-Forwarded-For or
// X-Real-IP: whatever a client writes there is not evidence of who it is.
import { isIP } from "node:net";

export const CLIENT_ADDRESS_HEADER = "x-portal-client-address";

/**
 * The key a per-client limit counts under. IPv6 addresses count by their /64 network: one
 * connection usually holds a whole /64, so counting single addresses would give it billions of
 * budgets. Without the web server's header (e.g. `next dev`) every request counts as one client.
 */
export function clientKeyOf(headers: Headers | undefined): string {
  const raw = headers?.get(CLIENT_ADDRESS_HEADER)?.trim() ?? "";
  const address = raw.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (isIP(address) === 4) return address;
  if (isIP(address) === 6) return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
  return "unknown";
}

function expandIPv6(address: string): string[] {
  const [head = "", tail = ""] = address.split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(missing, 0)).fill("0"), ...right].map((p) =>
    (parseInt(p, 16) || 0).toString(16),
  );
}
