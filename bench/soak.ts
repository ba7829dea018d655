// npm run soak: the portal started as the README's first command starts it (`npm run demo`: embedded
// database unless a server database is given, demo data, build, web server and worker), then used
// through its HTTP interface only, as people and staff use it, for a while (default 30 minutes).
//
// Five simulated people and one staff member act at once. Each starts a journey every 10 s (the next
// one when the last has ended, if that took longer), in turn: view data, copy, details, preferences,
// unsubscribe. Journeys pause 12–15 s between some steps, longer than the read pool keeps an idle
// connection (10 s), so connections close and open again throughout. Every journey signs in by link:
// the request on /sign-in, the link read from the local outbox (/dev/outbox) and the button on
// /sign-in/confirm. Forms are posted as the browser posts them without JavaScript (the form's own
// fields, server action references included, as multipart/form-data, with the page's Origin).
//
// The people: the demo's four (lib/seed/demo.ts) and a fifth made for the run through the ingest API
// with an API key the admin creates at /staff/settings/api-keys (an address of the demo's domain, no
// personnummer). The sign-in limits are raised by the admin at /staff/settings, as the benchmarks
// raise them: one client address signs everyone in, every journey. Nothing else is changed outside
// the journeys. A person has one free copy a year: each person's first copy journey gets it; later
// ones get the portal's expected answer for a further copy (a request that goes to staff), which
// counts as success, and then download the copy the person has. The demo sends no marketing email
// to take a List-Unsubscribe URL from, so the one-click URL is made as the portal signs it
// (lib/newsletter/headers.ts) with the run's keys from PORTAL_DATA_DIR/secrets.json, for the person's
// id that the staff search shows.
//
// It reports per journey: runs, successes, errors and the p50/p99 of the journey's active time (its
// requests and waits for the portal, not its deliberate pauses); and the resident memory of the web
// server, the worker and the database, sampled every 10 s: the median of minutes 5–10 against the
// median of the last 5 minutes, where growth above 20 % fails (runs shorter than 15 minutes report
// memory and check errors only). Any error or memory failure exits non-zero.
//
// Usage: npm run soak -- [--minutes N] [--no-build] [--database-url URL] [--record] [--port P]
//   --no-build       reuse the existing build (passed to scripts/serve.ts)
//   --database-url   use this PostgreSQL database (or SOAK_DATABASE_URL) instead of the embedded one;
//                    its demo data is loaded if missing, and its sign-in limits are raised for the run
//   --record         append the result to bench/RESULTS.md
//   --port           the portal's port (default: a free one)
//   --attach URL     drive a portal that is already running (demo mode; its PORTAL_DATA_DIR in the
//                    environment, for the signing key): nothing is started, memory is not measured
//   --once           each simulated person and the staff member runs each of their journeys once
//
// The portal runs in a temporary PORTAL_DATA_DIR (embedded database, secrets, copies), removed at the
// end; it never touches a checkout's `.data`. Everything it starts runs in one process group, stopped
// at the end, on Ctrl-C and on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { strFromU8, unzipSync } from "fflate";
import { machineLine } from "./server";
import { freePort } from "../lib/db/embedded";

// ---------------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const MINUTES = Number(option("--minutes") ?? 30);
if (!(MINUTES > 0)) throw new Error("--minutes must be a positive number");
const DATABASE_URL = option("--database-url") ?? process.env.SOAK_DATABASE_URL;
const RECORD = flag("--record");
const NO_BUILD = flag("--no-build");
const ATTACH = option("--attach");
const ONCE = flag("--once");
/** Memory growth is judged only on runs long enough to have both windows. */
const JUDGE_MEMORY = MINUTES >= 15;
const PEOPLE = 5;
const JOURNEY_EVERY_MS = 10_000;
const SAMPLE_EVERY_MS = 10_000;
const GROWTH_LIMIT = 0.2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------
// Errors and timings

class JourneyError extends Error {
  constructor(
    readonly kind: string,
    readonly status: number | null,
    readonly where: string,
  ) {
    super(`${kind} ${status ?? ""} ${where}`);
  }
}

/** A URL without its query (tokens, addresses) and with ids replaced: no personal data in reports. */
function safeWhere(url: string): string {
  const u = new URL(url, "http://x");
  return u.pathname
    .split("/")
    .map((s) => (/^[A-Za-z0-9_-]{16,}$/.test(s) ? ":id" : s))
    .join("/");
}

type Tally = { runs: number; ok: number; errors: number; active: number[] };
const tallies = new Map<string, Tally>();
const errors: { journey: string; kind: string; status: number | null; where: string }[] = [];
const tally = (journey: string) => {
  let t = tallies.get(journey);
  if (!t) tallies.set(journey, (t = { runs: 0, ok: 0, errors: 0, active: [] }));
  return t;
};

/** A clock that does not count the journey's deliberate pauses. */
class Clock {
  private spent = 0;
  private since: number | null = performance.now();
  pause() {
    if (this.since !== null) this.spent += performance.now() - this.since;
    this.since = null;
  }
  resume() {
    this.since ??= performance.now();
  }
  /** 12–15 s of nothing: longer than the read pool keeps an idle connection. */
  async idle() {
    this.pause();
    await sleep(12_000 + Math.random() * 3_000);
    this.resume();
  }
  ms() {
    return this.spent + (this.since === null ? 0 : performance.now() - this.since);
  }
}

/** Set on Ctrl-C or SIGTERM: what fails after it (the portal is being stopped) is not counted. */
let interrupted = false;

async function runJourney(name: string, body: (clock: Clock) => Promise<void>): Promise<void> {
  const t = tally(name);
  t.runs++;
  const clock = new Clock();
  try {
    await body(clock);
    t.ok++;
    t.active.push(clock.ms());
  } catch (err) {
    if (interrupted) {
      t.runs--;
      return;
    }
    t.errors++;
    const e =
      err instanceof JourneyError ? err : new JourneyError(`exception:${(err as Error)?.name}`, null, "");
    // The soak's own failure (not an answer of the portal): its message, for whoever runs it.
    if (!(err instanceof JourneyError)) console.error(err);
    errors.push({ journey: name, kind: e.kind, status: e.status, where: e.where });
    console.error(`[soak] ${name}: ${e.kind} ${e.status ?? ""} ${e.where}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// A browser without JavaScript: a cookie jar, redirects followed, forms read from the page and posted

let BASE = "";
export function setBase(url: string) {
  BASE = url;
}

type Page = { status: number; url: string; html: string; headers: Headers };

export class Browser {
  private jar = new Map<string, string>();

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone =
        attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
        attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]!) < Date.now()) ||
        value === "";
      if (gone) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** One request and its redirects; answers of 400 and above are errors unless `expect` allows them. */
  async fetch(
    url: string,
    init: { method?: string; body?: FormData | string; headers?: Record<string, string> } = {},
    expect: (status: number) => boolean = (s) => s < 400,
  ): Promise<Response & { finalUrl: string }> {
    let target = new URL(url, BASE).toString();
    let method = init.method ?? "GET";
    let body = init.body;
    for (let hop = 0; hop < 10; hop++) {
      let res: Response;
      try {
        res = await fetch(target, {
          method,
          body,
          redirect: "manual",
          headers: {
            ...(init.headers ?? {}),
            ...(method !== "GET" ? { origin: BASE } : {}),
            cookie: this.cookieHeader(),
            "accept-language": "sv",
          },
          signal: AbortSignal.timeout(60_000),
        });
      } catch (err) {
        throw new JourneyError(`network:${(err as Error).name}`, null, safeWhere(target));
      }
      this.keep(res);
      if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
        await res.arrayBuffer();
        target = new URL(res.headers.get("location")!, target).toString();
        if (res.status !== 307 && res.status !== 308) {
          method = "GET";
          body = undefined;
        }
        continue;
      }
      if (!expect(res.status)) {
        await res.arrayBuffer().catch(() => undefined);
        throw new JourneyError("http", res.status, safeWhere(target));
      }
      return Object.assign(res, { finalUrl: target });
    }
    throw new JourneyError("redirect-loop", null, safeWhere(target));
  }

  async page(url: string, init: Parameters<Browser["fetch"]>[1] = {}): Promise<Page> {
    const res = await this.fetch(url, init);
    return { status: res.status, url: res.finalUrl, html: await res.text(), headers: res.headers };
  }

  /** Posts the form that `pick` chooses on the page, with `fill` over its own values. */
  async submit(
    page: Page,
    pick: ((form: Form) => boolean) | Form,
    fill: Record<string, string | null> = {},
    submitter?: (button: Field) => boolean,
  ): Promise<Page> {
    const form = typeof pick === "function" ? forms(page.html).find(pick) : pick;
    if (!form) throw new JourneyError("form-missing", page.status, safeWhere(page.url));
    const values = new Map<string, string[]>();
    for (const f of form.fields) {
      if (f.kind === "button") continue;
      if ((f.type === "checkbox" || f.type === "radio") && !f.checked) continue;
      values.set(f.name, [...(values.get(f.name) ?? []), f.value]);
    }
    for (const [k, v] of Object.entries(fill)) {
      if (v === null) values.delete(k);
      else values.set(k, [v]);
    }
    const button = form.fields.find((f) => f.kind === "button" && (!submitter || submitter(f)));
    if (button?.name) values.set(button.name, [button.value]);
    const target = new URL(form.action || page.url, page.url).toString();
    if (form.method === "get") {
      const u = new URL(target);
      for (const [k, vs] of values) for (const v of vs) u.searchParams.append(k, v);
      return this.page(u.toString());
    }
    const body = new FormData();
    for (const [k, vs] of values) for (const v of vs) body.append(k, v);
    return this.page(target, { method: "POST", body });
  }
}

type Field = {
  kind: "input" | "button" | "select" | "textarea";
  name: string;
  value: string;
  type: string;
  checked: boolean;
  text: string;
};
type Form = { action: string; method: string; html: string; fields: Field[] };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === "#"
      ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e.toLowerCase()] ?? m),
  );
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=/>]+)(?:="([^"]*)"|='([^']*)')?/g)) {
    if (m.index === 0) continue;
    out[m[1]!.toLowerCase()] = decode(m[2] ?? m[3] ?? "");
  }
  return out;
}

/** The forms of a server-rendered page (React writes well-formed, unnested forms). */
export function forms(html: string): Form[] {
  const out: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrs(`<form ${m[1]}`);
    const inner = m[2]!;
    const fields: Field[] = [];
    for (const t of inner.matchAll(
      /<input\b([^>]*)>|<(button|select|textarea)\b([^>]*)>([\s\S]*?)<\/(?:button|select|textarea)>/g,
    )) {
      const kind = (t[2] ?? "input") as Field["kind"];
      const fa = attrs(`<${kind} ${t[1] ?? t[3]}`);
      if (fa.disabled !== undefined) continue;
      const content = t[4] ?? "";
      let value = fa.value ?? "";
      if (kind === "select") {
        const options = [...content.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)];
        const chosen = options.find((o) => /\bselected\b/.test(o[1]!)) ?? options[0];
        value = chosen ? (attrs(`<option ${chosen[1]}`).value ?? decode(chosen[2]!)) : "";
      } else if (kind === "textarea") {
        value = decode(content);
      }
      const type = (fa.type ?? (kind === "button" ? "submit" : "text")).toLowerCase();
      const isButton = kind === "button" || type === "submit";
      if (isButton && type !== "submit") continue;
      fields.push({
        kind: isButton ? "button" : kind,
        name: fa.name ?? "",
        value,
        type,
        checked: fa.checked !== undefined,
        text: decode(content.replace(/<[^>]+>/g, "")).trim(),
      });
    }
    out.push({
      action: a.action ?? "",
      method: (a.method ?? "get").toLowerCase(),
      html: m[0],
      fields: fields.filter((f) => f.name || f.kind === "button"),
    });
  }
  return out;
}

const hasField = (name: string) => (f: Form) => f.fields.some((x) => x.name === name);
const links = (html: string, pattern: RegExp) =>
  [...html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((m) => decode(m[1]!)).filter((h) => pattern.test(h));

function expectText(page: Page, pattern: RegExp, kind: string) {
  if (pattern.test(page.html)) return;
  // The page's own error message, if it shows one (a product text, no personal data), for the log.
  const alert = /role="alert"[^>]*>([\s\S]*?)<\/(p|div)>/.exec(page.html)?.[1]?.replace(/<[^>]+>/g, "");
  if (alert) console.error(`[soak] ${kind}: the page says "${alert.trim().slice(0, 200)}"`);
  throw new JourneyError(kind, page.status, safeWhere(page.url));
}

// ---------------------------------------------------------------------------------------------------
// Sign-in by link

const usedLinks = new Set<string>();

export async function signIn(browser: Browser, email: string, journey = "sign in by link"): Promise<void> {
  const t = journey ? tally(journey) : null;
  if (t) t.runs++;
  const started = performance.now();
  try {
    const form = await browser.page("/sign-in");
    const sent = await browser.submit(form, hasField("email"), { email });
    if (!/\/sign-in\/check-email/.test(sent.url))
      throw new JourneyError("link-not-sent", sent.status, safeWhere(sent.url));
    // The link, as the person reads it in the outbox (delivered by the worker).
    let link: string | undefined;
    for (let i = 0; i < 120 && !link; i++) {
      const outbox = await browser.page(`/dev/outbox?to=${encodeURIComponent(email)}`);
      link = links(outbox.html, /\/sign-in\/confirm\?/).find((l) => !usedLinks.has(l));
      if (!link) await sleep(250);
    }
    if (!link) throw new JourneyError("link-not-delivered", null, "/dev/outbox");
    usedLinks.add(link);
    const u = new URL(link);
    const confirm = await browser.page(u.pathname + u.search);
    const landed = await browser.submit(confirm, (f) => /\/api\/auth\/callback\/email/.test(f.action));
    if (/\/sign-in/.test(new URL(landed.url).pathname))
      throw new JourneyError("not-signed-in", landed.status, safeWhere(landed.url));
    if (t) {
      t.ok++;
      t.active.push(performance.now() - started);
    }
  } catch (err) {
    if (t) t.errors++;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// The journeys

type Person = {
  email: string;
  firstName: string;
  lastName: string;
  personId?: string;
  /** Every street address the person has had during the run (as shown on /details). */
  streets: Set<string>;
  copies: number;
};

async function viewData(p: Person) {
  await runJourney("view data and categories", async (clock) => {
    const b = new Browser();
    await signIn(b, p.email);
    const overview = await b.page("/my-data");
    // The overview summarises the categories; each category's page has its records.
    const categories = [...new Set(links(overview.html, /^\/my-data\?category=/))];
    if (categories.length === 0) throw new JourneyError("no-categories", overview.status, "/my-data");
    const identity = await b.page("/my-data?category=identity");
    expectText(identity, new RegExp(p.firstName), "name-missing");
    await clock.idle();
    for (const href of categories.sort(() => Math.random() - 0.5).slice(0, 3)) await b.page(href);
    await b.page("/activity");
  });
}

async function copyJourney(p: Person) {
  await runJourney("copy: request, poll, download", async (clock) => {
    const b = new Browser();
    await signIn(b, p.email);
    for (const s of streetsOn(await b.page("/details"))) p.streets.add(s);
    const page = await b.page("/copy");
    const form = forms(page.html).find(hasField("intent"));
    if (form) {
      const intent = form.fields.find((f) => f.name === "intent")!.value;
      const answered = await b.submit(page, form);
      // The free copy: the page shows it being built (or built). Once the free copy of the year is
      // used, the expected answer: a request for a further copy, which goes to staff (no copy is
      // built); the person still downloads the copy they have.
      const confirmed =
        intent === "free" ? /id="copy-(building|ready)"|role="status"/ : /role="status"|href="\/requests"/;
      expectText(answered, confirmed, `copy-${intent}-not-confirmed`);
    }
    // The copy page polls its progress; a person waits a little first.
    await clock.idle();
    let status = "";
    for (let i = 0; i < 240; i++) {
      const res = await b.fetch("/api/exports/status");
      status = ((await res.json()) as { status?: string } | null)?.status ?? "none";
      if (status === "ready" || status === "failed") break;
      await sleep(500);
    }
    if (status !== "ready") throw new JourneyError(`copy-${status}`, null, "/api/exports/status");
    const ready = await b.page("/copy");
    const href = links(ready.html, /^\/api\/exports\//)[0];
    if (!href) throw new JourneyError("download-link-missing", ready.status, "/copy");
    const res = await b.fetch(href);
    const zip = new Uint8Array(await res.arrayBuffer());
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(zip);
    } catch {
      throw new JourneyError("zip-unreadable", res.status, safeWhere(href));
    }
    const data = files["data.json"];
    if (!data) throw new JourneyError("data.json-missing", res.status, safeWhere(href));
    const text = strFromU8(data);
    if (!text.includes(p.firstName) || !text.includes(p.lastName))
      throw new JourneyError("copy-name-wrong", null, safeWhere(href));
    // The address the person had when the copy was made: one of those /details has shown.
    if (p.streets.size > 0 && ![...p.streets].some((s) => text.includes(s)))
      throw new JourneyError("copy-address-wrong", null, safeWhere(href));
    p.copies++;
  });
}

const STREETS = ["Soakgatan 1", "Soakgatan 2"];
/** From the range of mobile numbers set aside for fiction (070-1740605 to 070-1740699). */
const PHONES = ["+46 70 174 06 50", "+46 70 174 06 51"];

/** The street addresses /details shows now. */
function streetsOn(page: Page): string[] {
  return forms(page.html).flatMap((f) =>
    f.fields.filter((x) => /Street$/.test(x.name) && x.value).map((x) => x.value),
  );
}

async function details(p: Person) {
  await runJourney("correct details", async (clock) => {
    const b = new Browser();
    await signIn(b, p.email);
    const page = await b.page("/details");
    for (const s of streetsOn(page)) p.streets.add(s);
    const sectionForm = (name: string) =>
      forms(page.html).find((f) => f.fields.some((x) => x.name === "section" && x.value === name));
    // The delivery address where the person has one, otherwise the mobile number.
    const delivery = sectionForm("delivery");
    const address = delivery?.fields.some((f) => f.name === "deliveryStreet" && f.value)
      ? delivery
      : undefined;
    const form = address ?? sectionForm("phone");
    if (!form) throw new JourneyError("details-form-missing", page.status, "/details");
    const field = address ? "deliveryStreet" : "phone";
    const values = address ? STREETS : PHONES;
    const current = form.fields.find((f) => f.name === field)?.value ?? "";
    const value = current === values[0] ? values[1]! : values[0]!;
    if (address) p.streets.add(value);
    const saved = await b.submit(page, form, { [field]: value });
    expectText(saved, /role="status"/, "details-not-saved");
    await clock.idle();
    const now = await b.page("/details");
    if (!forms(now.html).some((f) => f.fields.some((x) => x.name === field && x.value === value)))
      throw new JourneyError("details-not-stored", now.status, "/details");
  });
}

async function preferences(p: Person) {
  await runJourney("change preferences", async (clock) => {
    const b = new Browser();
    await signIn(b, p.email);
    const page = await b.page("/preferences");
    const form = forms(page.html).find(hasField("want.email.news"));
    if (!form) throw new JourneyError("preferences-form-missing", page.status, "/preferences");
    // Switches the survey texts by SMS, and asks for the newsletter by email (a yes by email is
    // confirmed from the email first) when the last one-click unsubscribe turned it off.
    const sms = form.fields.find((f) => f.name === "want.sms.surveys")!;
    const saved = await b.submit(page, form, {
      "want.sms.surveys": sms.checked ? null : "on",
      "want.email.news": "on",
    });
    expectText(saved, /role="status"/, "preferences-not-saved");
    await clock.idle();
    // Confirm the newsletter from its email, if one was sent.
    const outbox = await b.page(`/dev/outbox?to=${encodeURIComponent(p.email)}`);
    const confirm = links(outbox.html, /\/confirm-subscription\?token=/).find((l) => !usedLinks.has(l));
    if (confirm) {
      usedLinks.add(confirm);
      const u = new URL(confirm);
      const landing = await b.page(u.pathname + u.search);
      const done = await b.submit(landing, hasField("token"));
      if (!/result=(confirmed|already)/.test(done.url))
        throw new JourneyError("opt-in-not-confirmed", done.status, safeWhere(done.url));
    }
    await b.page("/preferences");
  });
}

let makeUnsubscribeUrl: ((personId: string) => string) | undefined;

async function unsubscribe(p: Person) {
  await runJourney("unsubscribe in one click", async () => {
    if (!p.personId || !makeUnsubscribeUrl) throw new JourneyError("person-id-unknown", null, "");
    const url = makeUnsubscribeUrl(p.personId);
    const b = new Browser();
    // RFC 8058: what a mail client sends for the List-Unsubscribe-Post header.
    const res = await b.fetch(url, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const body = (await res.json()) as { unsubscribed?: boolean };
    if (body.unsubscribed !== true)
      throw new JourneyError("not-unsubscribed", res.status, "/api/unsubscribe");
    // The link itself, opened in a browser: a page with one button.
    const page = await b.page(url);
    if (!/\/unsubscribe/.test(new URL(page.url).pathname))
      throw new JourneyError("unsubscribe-page", page.status, safeWhere(page.url));
  });
}

async function staffJourney(staffEmail: string, people: Person[], n: number) {
  await runJourney("staff: search and impersonate", async (clock) => {
    const b = new Browser();
    await signIn(b, staffEmail);
    const p = people[n % people.length]!;
    const start = await b.page("/staff");
    const results = await b.submit(start, hasField("q"), { q: p.email });
    const personHref = links(results.html, /^\/staff\/people\/[^/?#]+$/)[0];
    if (!personHref) throw new JourneyError("person-not-found", results.status, "/staff");
    p.personId ??= personHref.split("/").pop();
    const person = await b.page(personHref);
    await clock.idle();
    await b.submit(person, hasField("reason"), { reason: "Soak test: checking what the person sees" });
    // The action asks the browser for a full page load of /my-data.
    const seen = await b.page("/my-data");
    expectText(seen, new RegExp(p.firstName), "impersonation-not-started");
    await b.page("/copy");
    await clock.idle();
    const again = await b.page("/my-data");
    const stopForm = forms(again.html).find((f) =>
      f.fields.some((x) => x.kind === "button" && /Sluta|Stop/i.test(x.text)),
    );
    if (!stopForm) throw new JourneyError("stop-form-missing", again.status, "/my-data");
    await b.submit(again, stopForm);
    const back = await b.page(personHref);
    if (!/\/staff\/people\//.test(new URL(back.url).pathname))
      throw new JourneyError("impersonation-not-stopped", back.status, safeWhere(back.url));
    await b.page("/staff/requests");
  });
}

// ---------------------------------------------------------------------------------------------------
// The portal's processes and their memory

type Portal = { child: ChildProcess; dataDir: string; log: string; exited: Promise<number | null> };

/** A portal started elsewhere: nothing to start or stop, no processes to measure. */
function attached(): Portal {
  const dataDir = path.resolve(process.env.PORTAL_DATA_DIR ?? ".data");
  return {
    child: { pid: undefined, exitCode: null } as unknown as ChildProcess,
    dataDir,
    log: "",
    exited: new Promise(() => undefined),
  };
}

function startPortal(port: number): Portal {
  const dataDir = mkdtempSync(path.join(tmpdir(), "portal-soak-"));
  const log = path.join(dataDir, "portal.log");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PORTAL_DATA_DIR: dataDir,
    EXPORT_DIR: path.join(dataDir, "exports"),
  };
  delete env.DATABASE_URL;
  delete env.PORTAL_MODE;
  delete env.PORTAL_URL;
  if (DATABASE_URL) env.DATABASE_URL = DATABASE_URL;
  // `npm run demo`, in a process group of its own: everything it starts is stopped with it.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/serve.ts", "--demo", ...(NO_BUILD ? ["--no-build"] : [])],
    { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const out = (d: Buffer) => appendFileSync(log, d);
  child.stdout!.on("data", out);
  child.stderr!.on("data", out);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, dataDir, log, exited };
}

async function stopPortal(portal: Portal): Promise<void> {
  const pgid = portal.child.pid!;
  const alive = () => portal.child.exitCode === null && portal.child.signalCode === null;
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    // already gone
  }
  const deadline = Date.now() + 15_000;
  while (alive() && Date.now() < deadline) await sleep(200);
  try {
    // Whatever is left of the group (a child that ignored the signal).
    process.kill(-pgid, "SIGKILL");
  } catch {
    // nothing left
  }
}

type Proc = { pid: number; ppid: number; cmd: string; rss: number };

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      out.push({ pid: Number(entry), ppid, cmd, rss });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

const ROLES = ["web server", "worker", "database"] as const;
type Role = (typeof ROLES)[number];

/** RSS by role: the web server's processes, the worker's, and the database (the serve.ts process that
 * holds the embedded database, with any PostgreSQL server processes under it). */
function memory(rootPid: number): Record<Role, number> {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const tree: Proc[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      tree.push(c);
      walk(c.pid);
    }
  };
  const root = all.find((p) => p.pid === rootPid);
  walk(rootPid);
  const sum = (ps: Proc[]) => ps.reduce((a, p) => a + p.rss, 0);
  const web = tree.filter((p) => p.cmd.includes("web-server.mjs"));
  const worker = tree.filter((p) => p.cmd.includes("scripts/worker.ts"));
  const postgres = tree.filter((p) => /(^|\/)postgres(\s|$)|postgres:/.test(p.cmd));
  return { "web server": sum(web), worker: sum(worker), database: (root?.rss ?? 0) + sum(postgres) };
}

// ---------------------------------------------------------------------------------------------------
// The run

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function waitForPortal(portal: Portal): Promise<void> {
  const deadline = Date.now() + 20 * 60_000;
  while (Date.now() < deadline) {
    if (portal.child.exitCode !== null)
      throw new Error("the portal stopped while starting (see its output above)");
    try {
      const res = await fetch(`${BASE}/sign-in`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(1_000);
  }
  throw new Error("the portal did not answer within 20 minutes");
}

/** As the admin, through /staff/settings: the sign-in limits raised (one client address signs in for
 * everyone, every journey). The only change made outside the journeys. */
async function raiseSignInLimits(): Promise<void> {
  const b = new Browser();
  await signIn(b, "admin@demo.example", "");
  const page = await b.page("/staff/settings");
  const saved = await b.submit(page, hasField("signInLimitPerAddress"), {
    signInLimitPerAddress: "10000",
    signInLimitPerClient: "100000",
  });
  if (!/10000/.test(saved.html)) throw new Error("the sign-in limits could not be raised at /staff/settings");
}

/** The one-click URL as the portal signs it (lib/newsletter/headers.ts), with the run's own keys. */
async function unsubscribeUrlMaker(dataDir: string): Promise<(personId: string) => string> {
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<
    string,
    string
  >;
  for (const [k, v] of Object.entries(secrets)) process.env[k] = v;
  process.env.PORTAL_MODE = "demo";
  process.env.PORTAL_URL = BASE;
  // Required by the portal's settings, never used here: the URL is made from the keys alone.
  process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1/unused";
  const { unsubscribeUrl } = await import("../lib/newsletter/headers");
  return (personId) => unsubscribeUrl(personId);
}

async function main() {
  const port = Number(option("--port") ?? (await freePort()));
  BASE = ATTACH ? ATTACH.replace(/\/$/, "") : `http://localhost:${port}`;
  const started = new Date();
  console.log(
    `[soak] ${MINUTES} min; portal on ${BASE} (${DATABASE_URL ? "server database" : "embedded database"}${NO_BUILD ? ", existing build" : ""})`,
  );
  const portal = ATTACH ? attached() : startPortal(port);
  let stopping = false;
  const cleanUp = async () => {
    if (ATTACH) return;
    await stopPortal(portal);
    rmSync(portal.dataDir, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      interrupted = true;
      console.error(`\n[soak] ${signal}: stopping the portal`);
      void cleanUp().then(() => process.exit(130));
    });
  }
  let failed = false;
  try {
    await waitForPortal(portal);
    console.log("[soak] the portal answers; raising the sign-in limits and finding the people");
    await raiseSignInLimits();
    makeUnsubscribeUrl = await unsubscribeUrlMaker(portal.dataDir);
    const admin = new Browser();
    await signIn(admin, "admin@demo.example", "");
    const people: Person[] = [...DEMO, await createRunPerson(admin)]
      .slice(0, PEOPLE)
      .map((p) => ({ ...p, streets: new Set<string>(), copies: 0 }));
    for (const p of people) {
      // The search is posted (a personnummer typed there never lands in a URL).
      const found = await admin.submit(await admin.page("/staff"), hasField("q"), { q: p.email });
      p.personId = links(found.html, /^\/staff\/people\/[^/?#]+$/)[0]
        ?.split("/")
        .pop();
    }

    if (people.some((p) => !p.personId)) throw new Error("a demo person was not found by the staff search");
    const t0 = Date.now();
    const end = t0 + MINUTES * 60_000;
    const samples: { at: number; mem: Record<Role, number> }[] = [];
    const sample = () => {
      if (portal.child.pid) samples.push({ at: Date.now() - t0, mem: memory(portal.child.pid) });
    };
    const sampler = setInterval(sample, SAMPLE_EVERY_MS);
    sample();
    const personJourneys = [viewData, copyJourney, details, preferences, unsubscribe];
    const rounds = personJourneys.length;
    const actor = async (i: number, next: (n: number) => Promise<void>) => {
      // Staggered, so the six do not all sign in at the same moment.
      await sleep(i * (JOURNEY_EVERY_MS / 6));
      const more = (n: number) => (ONCE ? n < rounds : Date.now() < end);
      for (let n = 0; more(n) && !stopping; n++) {
        const begun = Date.now();
        await next(n);
        const wait = begun + JOURNEY_EVERY_MS - Date.now();
        if (wait > 0 && !ONCE) await sleep(Math.min(wait, Math.max(0, end - Date.now())));
      }
    };
    const portalExit = portal.exited.then((code) => {
      if (!stopping) errors.push({ journey: "portal", kind: "exited", status: code, where: "" });
    });
    await Promise.race([
      Promise.all([
        ...people.map((p, i) => actor(i, (n) => personJourneys[(n + i) % personJourneys.length]!(p))),
        actor(PEOPLE, (n) => staffJourney("staff@demo.example", people, n)),
      ]),
      portalExit,
    ]);
    clearInterval(sampler);
    sample();
    // What the portal said about its database when it started (e.g. which embedded database).
    const said = existsSync(portal.log)
      ? readFileSync(portal.log, "utf8")
          .split("\n")
          .find((l) => /^(Embedded database|Database)/i.test(l.trim()))
      : undefined;
    failed =
      report(
        samples,
        started,
        said?.trim().replace(/ in \/\S*$/, "") ??
          (DATABASE_URL ? "a PostgreSQL server" : "embedded database"),
      ) || failed;
  } catch (err) {
    failed = true;
    console.error(`[soak] ${(err as Error).message}`);
    if (existsSync(portal.log))
      console.error(readFileSync(portal.log, "utf8").split("\n").slice(-40).join("\n"));
  } finally {
    stopping = true;
    await cleanUp();
  }
  process.exit(failed ? 1 : 0);
}

/** The demo's people (lib/seed/demo.ts). */
const DEMO = [
  { email: "anna.andersson@demo.example", firstName: "Anna", lastName: "Andersson" },
  { email: "erik.eriksson@demo.example", firstName: "Erik", lastName: "Eriksson" },
  { email: "lisa.lind@demo.example", firstName: "Lisa", lastName: "" },
  { email: "karl.karlsson@demo.example", firstName: "Karl", lastName: "Karlsson" },
];

/**
 * The fifth person, made for the run as the company's systems make people: the admin creates an API
 * key at /staff/settings/api-keys and the customer is sent to the ingest API (docs/import.md). An
 * address of the demo's domain, no personnummer.
 */
async function createRunPerson(admin: Browser) {
  const keys = await admin.page("/staff/settings/api-keys");
  const created = await admin.submit(keys, hasField("scopes"), {
    name: "Soak run",
    scopes: "ingest:people",
  });
  const key = /ppk_[A-Za-z0-9_-]+/.exec(created.html)?.[0];
  if (!key) throw new Error("no API key was shown at /staff/settings/api-keys");
  const tag = Date.now().toString(36);
  const person = { email: `soak-${tag}@demo.example`, firstName: "Sara", lastName: "Soaksson" };
  const res = await fetch(`${BASE}/api/ingest/people`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify([
      {
        externalId: `SOAK-${tag}`,
        sourceUpdatedAt: new Date().toISOString(),
        kind: "customer",
        ...person,
        language: "sv",
        deliveryStreet: "Soakgatan 1",
        deliveryPostcode: "111 22",
        deliveryCity: "Stockholm",
        deliveryCountry: "SE",
      },
    ]),
  });
  if (res.status !== 200)
    throw new Error(`the run's person was not accepted by /api/ingest/people (${res.status})`);
  return person;
}

function report(
  samples: { at: number; mem: Record<Role, number> }[],
  started: Date,
  databaseLine: string,
): boolean {
  const fmt = (ms: number) => (Number.isNaN(ms) ? "–" : `${(ms / 1000).toFixed(2)} s`);
  const rows = [...tallies].map(
    ([name, t]) =>
      `| ${name} | ${t.runs} | ${t.ok} | ${t.errors} | ${fmt(quantile(t.active, 0.5))} | ${fmt(quantile(t.active, 0.99))} |`,
  );
  const journeyTable = [
    "| journey | runs | successes | errors | p50 | p99 |",
    "|---|--:|--:|--:|--:|--:|",
    ...rows,
  ];
  const mb = (b: number) => (Number.isNaN(b) ? "–" : `${(b / 1024 / 1024).toFixed(0)} MB`);
  const minute = 60_000;
  const last = samples.at(-1)?.at ?? 0;
  const windowA = JUDGE_MEMORY ? [5 * minute, 10 * minute] : [0, last / 2];
  const windowB = JUDGE_MEMORY ? [last - 5 * minute, last + 1] : [last / 2, last + 1];
  let memoryFailed = false;
  const memRows = ROLES.map((role) => {
    const a = median(
      samples.filter((s) => s.at >= windowA[0]! && s.at < windowA[1]!).map((s) => s.mem[role]),
    );
    const b = median(
      samples.filter((s) => s.at >= windowB[0]! && s.at < windowB[1]!).map((s) => s.mem[role]),
    );
    const peak = Math.max(...samples.map((s) => s.mem[role]));
    const growth = (b - a) / a;
    const over = JUDGE_MEMORY && growth > GROWTH_LIMIT;
    if (over) memoryFailed = true;
    return `| ${role} | ${mb(a)} | ${mb(b)} | ${Number.isFinite(growth) ? `${(growth * 100).toFixed(1)} %` : "–"} | ${mb(peak)} | ${JUDGE_MEMORY ? (over ? "**fails**" : "ok") : "not judged"} |`;
  });
  const memoryTable =
    samples.length === 0
      ? ["Memory: not measured (a portal started elsewhere)."]
      : [
          JUDGE_MEMORY
            ? "| process | median, minutes 5–10 | median, last 5 minutes | growth | peak | ≤ 20 % |"
            : "| process | median, first half | median, second half | growth | peak | ≤ 20 % |",
          "|---|--:|--:|--:|--:|--:|",
          ...memRows,
        ];
  const errorLines = errors.map(
    (e) => `- ${e.journey}: ${e.kind}${e.status ? ` ${e.status}` : ""}${e.where ? ` at ${e.where}` : ""}`,
  );
  const verdict = interrupted
    ? "interrupted (Ctrl-C or SIGTERM): not a complete run"
    : errors.length === 0 && !memoryFailed
      ? "passed"
      : `FAILED (${errors.length} error(s)${memoryFailed ? ", memory growth above 20 %" : ""})`;
  const text = [
    ...journeyTable,
    "",
    ...memoryTable,
    "",
    ...(errorLines.length ? ["Errors:", ...errorLines, ""] : []),
    `Result: ${verdict}`,
  ].join("\n");
  console.log(`\n${text}`);
  if (RECORD && !interrupted) {
    appendFileSync(
      "bench/RESULTS.md",
      `\n## Soak: ${MINUTES} minutes of use (${started.toISOString().slice(0, 16).replace("T", " ")} UTC; ${machineLine()})\n\n` +
        `\`npm run soak -- --minutes ${MINUTES}\`: the portal as \`npm run demo\` starts it (${databaseLine}), five simulated people and one staff member each starting a journey every 10 s, with 12–15 s pauses inside journeys; every journey signs in by link. Times are each journey's active time (pauses excluded); the sign-in row counts the sign-ins inside the other journeys. Memory is resident memory sampled every 10 s.\n\n${text}\n`,
    );
  }
  return interrupted || errors.length > 0 || memoryFailed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
