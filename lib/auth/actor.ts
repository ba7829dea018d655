// Who is acting, taken from the session cookie only. A person id never comes from the client.
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
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
export type SystemActor = { kind: "system"; name: string };
export type Actor = PersonActor | StaffActor | ImpersonationActor | SystemActor;
/** An actor that sees the portal as a person: the person, or staff impersonating them. */
export type SubjectActor = PersonActor | ImpersonationActor;

export const systemActor = (name: string): SystemActor => ({ kind: "system", name });

/** Resolves a session token to an actor, or null. */
export async function actorFromSessionToken(
  token: string | undefined,
  now = new Date(),
): Promise<Actor | null> {
  if (!token) return null;
  const session = await db.session.findUnique({
    where: { sessionToken: token },
    include: { user: true },
  });
  if (!session || session.expires <= now) return null;
  const base = { sessionId: session.id, userId: session.userId, signedInAt: session.createdAt };
  const staff = await db.staffMember.findUnique({ where: { email: session.user.email } });
  if (staff && staff.active) {
    const imp = await db.impersonation.findFirst({
      where: { sessionId: session.id, endedAt: null, expiresAt: { gt: now } },
      orderBy: { startedAt: "desc" },
    });
    const staffBase = { ...base, staffMemberId: staff.id, role: staff.role, name: staff.name };
    if (imp) {
      return {
        ...staffBase,
        kind: "impersonation",
        personId: imp.personId,
        impersonationId: imp.id,
        reason: imp.reason,
        expiresAt: imp.expiresAt,
      };
    }
    return { ...staffBase, kind: "staff" };
  }
  if (session.user.personId) return { ...base, kind: "person", personId: session.user.personId };
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
