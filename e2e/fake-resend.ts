// A local stand-in for the parts of the Resend API the portal uses, so tests exercise the real SDK
// code path (RESEND_BASE_URL points here). Test-only endpoints live under /_test.
import http from "node:http";
import { randomUUID } from "node:crypto";

export type SentEmail = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  at: string;
};

export type FakeContact = {
  id: string;
  email: string;
  first_name?: string;
  last_name?: string;
  unsubscribed: boolean;
  segments: string[];
  topics: Record<string, "opt_in" | "opt_out">;
};

export type FakeResend = {
  url: string;
  emails: SentEmail[];
  contacts: Map<string, FakeContact>;
  close: () => Promise<void>;
};

export async function startFakeResend(port = 0): Promise<FakeResend> {
  const emails: SentEmail[] = [];
  const contacts = new Map<string, FakeContact>();
  let failNext = 0;
  // When set, only requests about this contact fail, so other traffic (sign-in emails, other
  // people's syncs) cannot use up the injected failures.
  let failFor: string | undefined;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = await readJson(req);
    const concerns = (email: string) => {
      const m = /^\/contacts\/([^/]+)$/.exec(url.pathname);
      const key = m ? decodeURIComponent(m[1]!).toLowerCase() : undefined;
      const named = String((body as { email?: unknown } | undefined)?.email ?? "").toLowerCase();
      const byId = key ? contacts.get(key)?.email : undefined;
      return named === email || key === email || byId === email;
    };
    const send = (status: number, data: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(data));
    };
    if (url.pathname === "/_test/emails" && req.method === "GET") {
      const to = url.searchParams.get("to")?.toLowerCase();
      return send(200, to ? emails.filter((e) => e.to.map((x) => x.toLowerCase()).includes(to)) : emails);
    }
    if (url.pathname === "/_test/contacts" && req.method === "GET") return send(200, [...contacts.values()]);
    if (url.pathname === "/_test/fail" && req.method === "POST") {
      const b = body as { count?: number; email?: string };
      failNext = Number(b.count ?? 1);
      failFor = b.email?.toLowerCase();
      return send(200, { failNext, failFor });
    }
    if (url.pathname === "/_test/reset" && req.method === "POST") {
      emails.length = 0;
      contacts.clear();
      failNext = 0;
      failFor = undefined;
      return send(200, {});
    }
    if (!String(req.headers.authorization ?? "").startsWith("Bearer ")) {
      return send(401, { name: "missing_api_key", message: "Missing API key", statusCode: 401 });
    }
    if (failNext > 0 && (failFor === undefined || concerns(failFor))) {
      failNext--;
      return send(500, { name: "internal_server_error", message: "Injected failure", statusCode: 500 });
    }
    if (url.pathname === "/emails" && req.method === "POST") {
      const b = body as Record<string, unknown>;
      if (!b.from || !b.to || !b.subject) {
        return send(422, { name: "validation_error", message: "Missing fields", statusCode: 422 });
      }
      const email: SentEmail = {
        id: randomUUID(),
        from: String(b.from),
        to: Array.isArray(b.to) ? b.to.map(String) : [String(b.to)],
        subject: String(b.subject),
        html: b.html as string | undefined,
        text: b.text as string | undefined,
        headers: b.headers as Record<string, string> | undefined,
        at: new Date().toISOString(),
      };
      emails.push(email);
      return send(200, { id: email.id });
    }
    // A contact's topic choices (Resend: GET / PATCH /contacts/{id|email}/topics).
    const topicsMatch = /^\/contacts\/([^/]+)\/topics$/.exec(url.pathname);
    if (topicsMatch) {
      const k = decodeURIComponent(topicsMatch[1]!);
      const c = [...contacts.values()].find((x) => x.id === k || x.email === k.toLowerCase());
      if (!c) return send(404, notFound());
      if (req.method === "GET") {
        const data = Object.entries(c.topics).map(([id, subscription]) => ({
          id,
          name: id,
          description: null,
          subscription,
        }));
        return send(200, { object: "list", has_more: false, data });
      }
      if (req.method === "PATCH") {
        const list = Array.isArray(body) ? body : ((body as { topics?: unknown }).topics ?? []);
        for (const t of list as { id: string; subscription: "opt_in" | "opt_out" }[]) {
          c.topics[t.id] = t.subscription;
        }
        return send(200, { id: c.id });
      }
    }
    const contactMatch = /^\/contacts(?:\/([^/]+))?$/.exec(url.pathname);
    if (contactMatch) {
      const key = contactMatch[1] ? decodeURIComponent(contactMatch[1]) : undefined;
      const find = (k: string) =>
        [...contacts.values()].find((c) => c.id === k || c.email === k.toLowerCase());
      if (req.method === "POST" && !key) {
        const b = body as Partial<FakeContact> & { email?: string };
        if (!b.email)
          return send(422, { name: "validation_error", message: "email required", statusCode: 422 });
        const existing = find(b.email);
        const c: FakeContact = existing ?? {
          id: randomUUID(),
          email: b.email.toLowerCase(),
          unsubscribed: false,
          segments: [],
          topics: {},
        };
        Object.assign(c, pick(b));
        contacts.set(c.id, c);
        return send(200, { object: "contact", id: c.id });
      }
      if (key && req.method === "GET") {
        const c = find(key);
        return c ? send(200, { object: "contact", ...c }) : send(404, notFound());
      }
      if (key && req.method === "PATCH") {
        const c = find(key);
        if (!c) return send(404, notFound());
        Object.assign(c, pick(body as Partial<FakeContact>));
        return send(200, { object: "contact", id: c.id });
      }
      if (key && req.method === "DELETE") {
        const c = find(key);
        if (!c) return send(404, notFound());
        contacts.delete(c.id);
        return send(200, { object: "contact", id: c.id, deleted: true });
      }
    }
    return send(404, notFound());
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    emails,
    contacts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function notFound() {
  return { name: "not_found", message: "Not found", statusCode: 404 };
}

function pick(b: Partial<FakeContact>): Partial<FakeContact> {
  const out: Partial<FakeContact> = {};
  if (b.first_name !== undefined) out.first_name = b.first_name;
  if (b.last_name !== undefined) out.last_name = b.last_name;
  if (b.unsubscribed !== undefined) out.unsubscribed = b.unsubscribed;
  if (b.email !== undefined) out.email = b.email.toLowerCase();
  if (b.topics !== undefined) out.topics = b.topics;
  if (b.segments !== undefined) out.segments = b.segments;
  return out;
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      try {
        resolve(data ? JSON.parse(data) : {});
      } catch {
        resolve({});
      }
    });
  });
}
