// Who is acting, taken from the session cookie only. A person id never comes from the client.
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { query } from "../db/read-pool";
import { AppError } from "../errors";
import { can, type Action } from "./policy";
import { sessionCookieName } from "./cookies";

type SessionInfo = { sessionId: string; userId: string; signedInAt: Date };

export type PersonActor = SessionInfo & { kind: "person"; personId: string };
export type StaffActor = SessionInfo & {
  kind: "staff";
  staffMemberId: string;
  role: "staff" | "admin";
  name: string;
};
export type ImpersonationActor = SessionInfo & {
  kind: "impersonation";
  staffMemberId: string;
  role: "staff" | "admin";
  name: string;
  personId: string;
  impersonationId: string;
  reason: string;
  expiresAt: Date;
};
/** The portal's principals that act without a session; what each may do is in SYSTEM_POLICY. */
export type SystemName =
  | "auth"
  | "one-click"
  | "opt-in-link"
  | "email-change-link"
  | "request-confirm-link"
  | "newsletter-webhook"
  | "newsletter-sync"
  | "newsletter-send"
  | "email"
  | "impersonation-expiry"
  | "deletion"
  | "erasure"
  | "retention"
  | "copy.build"
  | "copy.expire"
  | "connector-correct"
  | "import"
  | "demo-seed";
/** An API key: named after its id (never its secret), allowed what its scopes allow. */
export type ApiKeyActor = {
  kind: "system";
  name: `api-key:${string}`;
  keyId: string;
  scopes: readonly string[];
};
export type SystemActor = { kind: "system"; name: SystemName } | ApiKeyActor;
export type Actor = PersonActor | StaffActor | ImpersonationActor | SystemActor;
/** An actor that sees the portal as a person: the person, or staff impersonating them. */
export type SubjectActor = PersonActor | ImpersonationActor;

export const systemActor = (name: SystemName): SystemActor => ({ kind: "system", name });

type SessionRow = {
  sessionId: string;
  userId: string;
  signedInAt: Date;
  expires: Date;
  personId: string | null;
  staffMemberId: string | null;
  staffRole: "staff" | "admin" | null;
  staffName: string | null;
  staffActive: boolean | null;
  impersonationId: string | null;
  impersonatedPersonId: string | null;
  reason: string | null;
  impersonationExpiresAt: Date | null;
};

// Timestamps are stored as UTC without zone; read as timestamptz so they mean the same instant
// whatever the process's time zone.
const SESSION_SQL = `
  SELECT s.id AS "sessionId", s."userId", s."createdAt" AT TIME ZONE 'UTC' AS "signedInAt",
         s.expires AT TIME ZONE 'UTC' AS expires, u."personId",
         m.id AS "staffMemberId", m.role::text AS "staffRole", m.name AS "staffName",
         m.active AS "staffActive", i.id AS "impersonationId", i."personId" AS "impersonatedPersonId",
         i.reason, i."expiresAt" AT TIME ZONE 'UTC' AS "impersonationExpiresAt"
  FROM "Session" s
  JOIN "User" u ON u.id = s."userId"
  LEFT JOIN "StaffMember" m ON m.email = u.email
  LEFT JOIN LATERAL (
    SELECT id, "personId", reason, "expiresAt" FROM "Impersonation"
    WHERE "sessionId" = s.id AND "endedAt" IS NULL AND "expiresAt" > ($2::timestamptz AT TIME ZONE 'UTC')
    ORDER BY "startedAt" DESC LIMIT 1
  ) i ON m.id IS NOT NULL
  WHERE s."sessionToken" = $1`;

/**
 * Resolves a session token to an actor, or null. One read on every request: the session, its user,
 * the staff member with that address if any, and the staff member's current impersonation.
 */
export async function actorFromSessionToken(
  token: string | undefined,
  now = new Date(),
): Promise<Actor | null> {
  if (!token) return null;
  const rows = await query<SessionRow>(SESSION_SQL, [token, now.toISOString()], { prepare: true });
  const row = rows[0];
  if (!row || row.expires <= now) return null;
  const base = { sessionId: row.sessionId, userId: row.userId, signedInAt: row.signedInAt };
  if (row.staffMemberId && row.staffActive && row.staffRole && row.staffName !== null) {
    const staffBase = {
      ...base,
      staffMemberId: row.staffMemberId,
      role: row.staffRole,
      name: row.staffName,
    };
    if (row.impersonationId && row.impersonatedPersonId && row.impersonationExpiresAt) {
      return {
        ...staffBase,
        kind: "impersonation",
        personId: row.impersonatedPersonId,
        impersonationId: row.impersonationId,
        reason: row.reason ?? "",
        expiresAt: row.impersonationExpiresAt,
      };
    }
    return { ...staffBase, kind: "staff" };
  }
  if (row.personId) return { ...base, kind: "person", personId: row.personId };
  return null;
}

/** The actor of the current request (cached per request). */
export const getActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  return actorFromSessionToken(jar.get(sessionCookieName())?.value);
});

/** For pages: the person or impersonating staff, or a redirect to sign in. */
export async function requireSubject(): Promise<SubjectActor> {
  const actor = await getActor();
  if (actor?.kind === "person" || actor?.kind === "impersonation") return actor;
  if (actor?.kind === "staff") redirect("/staff");
  redirect(`/sign-in?next=${encodeURIComponent(await currentPath())}`);
}

/** For staff pages: staff (not while impersonating); others are sent away, a missing role is a 404. */
export async function requireStaff(action: Action = "staff.access"): Promise<StaffActor> {
  const actor = await getActor();
  if (!actor) redirect(`/sign-in?next=${encodeURIComponent(await currentPath())}`);
  if (actor.kind !== "staff") redirect("/my-data");
  if (!can(actor, action)) notFound();
  return actor;
}

/** For use-cases: throws unless the actor may do the action. */
export function assertCan(actor: Actor | null, action: Action): asserts actor is Actor {
  if (!actor) throw new AppError("unauthenticated");
  if (!can(actor, action)) throw new AppError("forbidden");
}

export function isStepUpFresh(actor: { signedInAt: Date }, minutes: number, now = new Date()): boolean {
  return now.getTime() - actor.signedInAt.getTime() <= minutes * 60_000;
}

async function currentPath(): Promise<string> {
  const h = await headers();
  return h.get("x-portal-path") ?? "/";
}
