// Test data that belongs to one test: unique addresses, test personnummer only.
import { randomUUID } from "node:crypto";
import { db } from "../lib/db";
import type { PersonActor } from "../lib/auth/actor";
import { createRequest } from "../lib/privacy/requests";
import { createRecipientTask } from "../lib/privacy/tasks";

export function uniqueEmail(prefix = "t"): string {
  return `${prefix}-${randomUUID()}@test.example`;
}

export async function makePerson(
  data: {
    email?: string;
    firstName?: string;
    lastName?: string;
    kind?: "customer" | "subscriber" | "contact";
    language?: string;
  } = {},
) {
  return db.person.create({
    data: {
      email: data.email ?? uniqueEmail(),
      firstName: data.firstName ?? "Test",
      lastName: data.lastName ?? "Person",
      kind: data.kind ?? "customer",
      language: data.language ?? "sv",
    },
  });
}

/** A person signed in by link `signedInMinutesAgo` minutes ago, and their actor. */
export async function personWithLogin(opts: { language?: string; signedInMinutesAgo?: number } = {}) {
  const person = await makePerson({ language: opts.language ?? "sv" });
  const { user, session } = await makeSession(person.email, person.id);
  const actor: PersonActor = {
    kind: "person",
    personId: person.id,
    userId: user.id,
    sessionId: session.id,
    signedInAt: new Date(Date.now() - (opts.signedInMinutesAgo ?? 0) * 60_000),
  };
  return { person, user, actor };
}

export async function makeSession(email: string, personId: string | null, createdAt = new Date()) {
  const user = await db.user.upsert({
    where: { email },
    create: { email, personId },
    update: {},
  });
  const session = await db.session.create({
    data: {
      sessionToken: randomUUID() + randomUUID(),
      userId: user.id,
      expires: new Date(Date.now() + 86_400_000),
      createdAt,
    },
  });
  return { user, session };
}

/** The portal's own free copy, made and downloaded, its request still open for one recipient search. */
export async function deliveredFreeCopy(personId: string) {
  const request = await db.$transaction((tx) =>
    createRequest(tx, { personId, type: "copy", status: "in_progress" }),
  );
  await db.copy.create({
    data: {
      personId,
      requestId: request.id,
      free: true,
      status: "ready",
      readyAt: new Date(),
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      downloadedAt: new Date(),
    },
  });
  await db.$transaction((tx) =>
    createRecipientTask(tx, { requestId: request.id, personId, recipientKey: "m365", kind: "search" }),
  );
  return request;
}
