// @ts-check
// The portal's web server: Next.js's request handler, with the build's static files (scripts, styles)
// served precompressed. Next.js compresses its own responses with gzip only; browsers accept Brotli,
// which makes the framework's scripts about 13 % smaller. Each static file is compressed once, at the
// highest level, when the server starts (docs/decisions/0013-static-files-brotli.md).
//
// WEB_CONCURRENCY > 1 runs that many server processes sharing the port (node:cluster), so a machine's
// cores all serve pages; a process that dies is replaced.
//
// Every request gets one header naming the client's network address, X-Portal-Client-Address, set
// here and nowhere else (any value a client sends is replaced): the socket's address, or, behind
// TRUSTED_PROXY_HOPS proxies, the address the outermost of them saw (the Nth entry from the right of
// X-Forwarded-For). The portal's rate limits count clients by it and read no forwarded header.
//
// Usage: node scripts/web-server.mjs [port]
// (PORT, HOST, NEXT_DIST_DIR, WEB_CONCURRENCY, TRUSTED_PROXY_HOPS are read too)
// It listens on 127.0.0.1 unless HOST names another address (0.0.0.0 for every interface).
import cluster from "node:cluster";
import { createServer } from "node:http";
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import sirv from "sirv";

process.env.NODE_ENV = "production";

const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
const host = process.env.HOST || "127.0.0.1";
const hostname = host === "127.0.0.1" ? "localhost" : host;
const dir = process.cwd();
const staticDir = path.join(dir, process.env.NEXT_DIST_DIR ?? ".next", "static");
const COMPRESSIBLE = /\.(js|css|svg|json|txt|map)$/;
const STATIC_PREFIX = "/_next/static/";

/** Writes `.br` and `.gz` beside every compressible file that has none yet (content-hashed names). */
function precompress(folder) {
  if (!existsSync(folder)) return 0;
  let count = 0;
  for (const entry of readdirSync(folder)) {
    const file = path.join(folder, entry);
    if (statSync(file).isDirectory()) {
      count += precompress(file);
    } else if (COMPRESSIBLE.test(entry) && !existsSync(`${file}.br`)) {
      const body = readFileSync(file);
      writeFileSync(
        `${file}.br`,
        brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
      );
      writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      count++;
    }
  }
  return count;
}

const CLIENT_ADDRESS_HEADER = "x-portal-client-address";
const trustedHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
if (!Number.isInteger(trustedHops) || trustedHops < 0) {
  throw new Error("TRUSTED_PROXY_HOPS must be a whole number of proxies, 0 or more");
}

/**
 * The client's address: with no trusted proxy, the socket's peer. Each trusted proxy appends the
 * address it received the request from, so with N of them the Nth entry from the right is the
 * address the outermost one saw; entries further left were written by the client and prove nothing.
 * A request with fewer entries than that did not come through the proxies: its socket counts.
 */
function clientAddressOf(req) {
  const socket = req.socket.remoteAddress ?? "unknown";
  if (trustedHops === 0) return socket;
  const header = req.headers["x-forwarded-for"];
  const chain = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return chain.length >= trustedHops ? chain[chain.length - trustedHops] : socket;
}

const processes = Number(process.env.WEB_CONCURRENCY ?? 1);
if (!Number.isInteger(processes) || processes < 1) {
  throw new Error("WEB_CONCURRENCY must be a whole number of processes, 1 or more");
}

if (cluster.isPrimary) precompress(staticDir);

if (cluster.isPrimary && processes > 1) {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on("exit", () => {
    if (!stopping) cluster.fork();
    else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
      setTimeout(() => process.exit(0), 4000).unref();
    });
  }
} else {
  await serve();
}

async function serve() {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();

  // Content-hashed file names never change: cached for a year. Anything not found goes to Next.js.
  const assets = sirv(staticDir, {
    dev: false,
    brotli: true,
    gzip: true,
    etag: true,
    immutable: true,
    maxAge: 31_536_000,
    setHeaders: (res) => {
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    },
  });

  const server = createServer((req, res) => {
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req);
    const url = req.url ?? "/";
    if ((req.method === "GET" || req.method === "HEAD") && url.startsWith(STATIC_PREFIX)) {
      const original = url;
      req.url = url.slice(STATIC_PREFIX.length - 1);
      assets(req, res, () => {
        req.url = original;
        void handle(req, res);
      });
      return;
    }
    void handle(req, res);
  });
  // An idle kept-alive connection stays open for 65 s (Node's default is 5 s): longer than the idle
  // timeouts of common proxies and load balancers (60 s), so the server never closes a connection at
  // the moment a client reuses it, which the client sees as a reset (ECONNRESET) instead of an answer.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  server.listen(port, host, () => {
    console.log(`Web server listening on http://${hostname}:${port}`);
  });

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }
}
