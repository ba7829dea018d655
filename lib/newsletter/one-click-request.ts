// Reading an RFC 8058 one-click POST: the body is `List-Unsubscribe=One-Click`, form-encoded or
// multipart (mail providers send either); the token is in the URL from the List-Unsubscribe header,
// or a form field when the portal's own page posts it.
import { readCappedBytes } from "../http/read-capped";

const MAX_BODY = 64 * 1024;

export type OneClickBody = { oneClick: boolean; token: string | null; fromPage: boolean };

/** The fields of the body, or null when it is too large (read no further than the limit) or unreadable. */
export async function readOneClickBody(request: Request): Promise<OneClickBody | null> {
  const type = request.headers.get("content-type") ?? "";
  let fields: { get(name: string): unknown };
  try {
    const bytes = await readCappedBytes(request, MAX_BODY);
    if (bytes === null) return null;
    if (type.toLowerCase().startsWith("multipart/form-data")) {
      fields = await new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData();
    } else {
      fields = new URLSearchParams(new TextDecoder().decode(bytes).trim());
    }
  } catch {
    return null;
  }
  const value = fields.get("List-Unsubscribe");
  const token = new URL(request.url).searchParams.get("token") ?? fields.get("token");
  return {
    oneClick: typeof value === "string" && value.trim() === "One-Click",
    token: typeof token === "string" && token ? token : null,
    fromPage: fields.get("source") === "page",
  };
}
