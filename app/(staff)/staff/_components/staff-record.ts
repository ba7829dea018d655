import { notFound } from "next/navigation";
import { requireStaff, type StaffActor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";

type StaffAction = Parameters<typeof requireStaff>[0];

/**
 * What a staff page about one record (a person, a request) starts with: the staff member, allowed
 * `action`, and the record the URL names, or the 404 page when there is no such record.
 */
export async function staffRecord<R>(
  params: Promise<{ id: string }>,
  action: StaffAction,
  load: (actor: StaffActor, id: string) => Promise<R>,
): Promise<{ actor: StaffActor; record: R }> {
  const actor = await requireStaff(action);
  const { id } = await params;
  try {
    return { actor, record: await load(actor, id) };
  } catch (err) {
    if (isAppError(err, "not_found")) notFound();
    throw err;
  }
}
