// A local stand-in for a partner's HTTP API, for connector contract tests: a node:http server on a
// free port with routes, every request recorded (method, path, query, headers, body), and scripted
// answers that come before a route's own (a 429 with Retry-After, a 500, a 401 for an expired token).
//
//   const api = await startFakeApi();
//   api.route("POST", "/contacts/v4/contacts/query", (req) => ({ json: { contacts: [] } }));
//   api.script("POST", "/contacts/v4/contacts/query", { status: 429, headers: { "retry-after": "1" } });
//   ... api.requests, api.requestsTo("POST", "/contacts/v4/contacts/query") ...
//   await api.close();
//
// A path pattern names its parameters in braces: "/contacts/v4/contacts/{id}",
// "/v1alpha/properties/{property}:submitUserDeletion".
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-case names, as Node gives them. */
  headers: Record<string, string>;
  /** JSON or a form as an object, otherwise the text (null when empty). */
  body: unknown;
  rawBody: string;
};

export type Reply = {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is. */
  text?: string;
  /** Wait before answering (for time limits). */
  delayMs?: number;
  /** Close the connection without answering (a network error). */
  drop?: boolean;
};

export type Handler = (req: RecordedRequest, params: Record<string, string>) => Reply | Promise<Reply>;

type Route = { method: string; pattern: string; regex: RegExp; handler: Handler; scripted: Reply[] };

export type FakeApi = {
  url: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Answer requests matching the method and pattern (a later route with the same pattern replaces it). */
  route(method: string, pattern: string, handler: Handler | Reply): void;
  /** Answers used one per request, in order, before the route's own (the route need not exist yet). */
  script(method: string, pattern: string, ...replies: Reply[]): void;
  requestsTo(method: string, pattern: string): RecordedRequest[];
  /** Forget recorded requests and scripts (routes stay). */
  clear(): void;
  close(): Promise<void>;
};

function compile(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\{(\w+)\}/g, "(?<$1>[^/]+?)")}$`);
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return null;
  if (contentType?.includes("application/json")) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  return raw;
}

export async function startFakeApi(): Promise<FakeApi> {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];

  const find = (method: string, pattern: string): Route | undefined =>
    routes.find((r) => r.method === method && r.pattern === pattern);
  const ensure = (method: string, pattern: string): Route => {
    let r = find(method, pattern);
    if (!r) {
      r = {
        method,
        pattern,
        regex: compile(pattern),
        handler: () => ({ status: 404, json: { message: "no route" } }),
        scripted: [],
      };
      routes.push(r);
    }
    return r;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: parseBody(rawBody, headers["content-type"]),
      rawBody,
    };
    requests.push(recorded);

    let reply: Reply = { status: 404, json: { message: "no route" } };
    for (const route of routes) {
      if (route.method !== recorded.method) continue;
      const m = route.regex.exec(recorded.path);
      if (!m) continue;
      const params = Object.fromEntries(
        Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
      );
      reply = route.scripted.shift() ?? (await route.handler(recorded, params));
      break;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? "");
    res.writeHead(reply.status ?? 200, {
      ...(reply.json !== undefined ? { "content-type": "application/json" } : {}),
      ...reply.headers,
    });
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route(method, pattern, handler) {
      ensure(method, pattern).handler = typeof handler === "function" ? handler : () => handler;
    },
    script(method, pattern, ...replies) {
      ensure(method, pattern).scripted.push(...replies);
    },
    requestsTo(method, pattern) {
      const regex = compile(pattern);
      return requests.filter((r) => r.method === method && regex.test(r.path));
    },
    clear() {
      requests.length = 0;
      for (const r of routes) r.scripted.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
