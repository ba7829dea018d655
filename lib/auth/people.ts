import { db, type Tx } from "../db";

export function normaliseEmail(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase();
}

/** Whom the company holds data about, or who is on the staff allow-list, under this address. */
export async function whoIsAt(email: string, tx: Tx = db) {
  const [person, staff] = await Promise.all([
    tx.person.findUnique({ where: { email }, select: { id: true, language: true, firstName: true } }),
    tx.staffMember.findUnique({ where: { email }, select: { id: true, active: true } }),
  ]);
  return { person, staff: staff?.active ? staff : null };
}
