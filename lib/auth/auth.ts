// Auth.js v5: email magic links through the portal's own email module, database sessions (so the
// server can end them), and the Prisma adapter. The emailed link points at /sign-in/confirm, a page
// with a button: mail scanners that open links use nothing up.
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { EmailConfig } from "next-auth/providers/email";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import { db } from "../db";
import { env } from "../env";
import { getSettings } from "../settings";
import { audit } from "../audit/append";
import { systemActor } from "./actor";
import { callbackCookieName, csrfCookieName, secureCookies, sessionCookieName } from "./cookies";
import { normaliseEmail, whoIsAt } from "./people";
import { queueEmail } from "../email/send";
import { renderEmail } from "../email/templates";
import { type Locale, localeOf } from "../i18n/config";
import { roughDevice } from "./device";
import { linkRequestScope, localeCookieOf } from "./link-request-context";
import { sameOriginPath } from "./safe-next";

export const CHECK_EMAIL_PATH = "/sign-in/check-email";
export const RATE_LIMITED_PATH = "/sign-in?error=rate_limited";

function portalAdapter(): Adapter {
  const base = PrismaAdapter(db as never) as Adapter;
  return {
    ...base,
    // A session that is already gone (signed out everywhere, ended by an admin, or a cookie the
    // portal never issued) is nothing to delete: Auth.js deletes the browser's old session before
    // it signs in again, and a throw there would fail the sign-in and use up the link.
    async deleteSession(sessionToken: string) {
      await db.session.deleteMany({ where: { sessionToken } });
      return null;
    },
    // A user row is made only for an address the company holds data about (or staff), and is
    // linked to that person.
    async createUser(user: AdapterUser) {
      const email = normaliseEmail(user.email);
      const { person, staff } = await whoIsAt(email);
      if (!person && !staff) throw new Error("no data held for this address");
      const created = await db.user.create({
        data: { email, emailVerified: user.emailVerified, personId: person?.id ?? null },
      });
      return { ...created, emailVerified: created.emailVerified ?? null } as AdapterUser;
    },
  };
}

function requestLocale(request: Request | undefined, fallback?: string | null): Locale {
  return localeCookieOf(request?.headers) ?? localeOf(fallback);
}

function emailProvider(request: Request | undefined, maxAgeMinutes: number): EmailConfig {
  return {
    id: "email",
    type: "email",
    name: "Email",
    maxAge: maxAgeMinutes * 60,
    normalizeIdentifier: normaliseEmail,
    options: {},
    // Reached only through lib/auth/request-link.ts, which has validated and rate-limited the request.
    async sendVerificationRequest({ identifier, url }) {
      const { person } = await whoIsAt(identifier);
      const callback = new URL(url);
      const next = callback.searchParams.get("callbackUrl") ?? "/";
      const confirm = new URL("/sign-in/confirm", env().PORTAL_URL);
      for (const k of ["token", "email", "callbackUrl"]) {
        const v = callback.searchParams.get(k);
        if (v) confirm.searchParams.set(k, v);
      }
      const locale = linkRequestScope.getStore()?.locale ?? requestLocale(request, person?.language);
      const isStepUp = new URL(next, env().PORTAL_URL).searchParams.has("stepup");
      const mail = renderEmail(
        locale,
        isStepUp ? "stepUp" : "signIn",
        { minutes: maxAgeMinutes },
        { url: confirm.toString() },
      );
      await db.$transaction(async (tx) => {
        await queueEmail(tx, {
          to: identifier,
          kind: isStepUp ? "step-up" : "sign-in",
          personId: person?.id,
          ...mail,
        });
      });
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(async (request) => {
  const settings = await getSettings();
  const secure = secureCookies();
  const config: NextAuthConfig = {
    adapter: portalAdapter(),
    secret: env().AUTH_SECRET,
    trustHost: true,
    session: { strategy: "database", maxAge: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    providers: [emailProvider(request, settings.linkLifetimeMinutes)],
    pages: { signIn: "/sign-in", verifyRequest: CHECK_EMAIL_PATH, error: "/sign-in/error" },
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
      csrfToken: { name: csrfCookieName(), options: { httpOnly: true, sameSite: "lax", path: "/", secure } },
      callbackUrl: {
        name: callbackCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    // Auth.js would log errors with their context; the portal logs the kind only, never an address.
    logger: {
      error(error) {
        const type = (error as { type?: string }).type ?? error.name;
        console.error(`[auth] ${type}`);
        if (type === "Verification") {
          void db
            .$transaction((tx) => audit(tx, systemActor("auth"), { action: "auth.link_failed" }))
            .catch(() => {});
        }
      },
      warn() {},
      debug() {},
    },
    callbacks: {
      async signIn({ user, email }) {
        const address = normaliseEmail(user.email ?? "");
        // A link is made only for the request-link use-case, which validated and rate-limited it;
        // the HTTP way into this step (POST /api/auth/signin/email) is answered by that use-case too.
        if (email?.verificationRequest) return linkRequestScope.getStore()?.address === address;
        // The link was used: the address must still be someone the company holds data about.
        const { person, staff } = await whoIsAt(address);
        if (!person && !staff) return "/sign-in/error?error=Verification";
        return true;
      },
      // Every callbackUrl and redirect Auth.js follows stays on the portal (lib/auth/safe-next.ts).
      redirect({ url, baseUrl }) {
        return `${baseUrl}${sameOriginPath(url, "/")}`;
      },
    },
    events: {
      async signIn({ user }) {
        const { person } = await whoIsAt(normaliseEmail(user.email ?? ""));
        await db.$transaction(async (tx) => {
          if (person) {
            await tx.accessEvent.create({
              data: {
                personId: person.id,
                kind: "sign_in",
                device: roughDevice(request?.headers.get("user-agent")),
                language: requestLocale(request, person.language),
              },
            });
            await tx.person.update({ where: { id: person.id }, data: { lastActiveAt: new Date() } });
          }
          await audit(tx, systemActor("auth"), {
            action: "auth.sign_in",
            personId: person?.id ?? null,
            targetType: "user",
            targetId: user.id,
          });
        });
      },
      async signOut(message) {
        const session = "session" in message ? message.session : null;
        if (!session) return;
        const user = await db.user.findUnique({ where: { id: session.userId } });
        await db.$transaction((tx) =>
          audit(tx, systemActor("auth"), {
            action: "auth.sign_out",
            personId: user?.personId ?? null,
            targetType: "user",
            targetId: session.userId,
          }),
        );
      },
    },
  };
  return config;
});
