// Test data that belongs to one test: unique addresses, test personnummer only.
import { randomUUID } from "node:crypto";
import { db } from "../lib/db";

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
