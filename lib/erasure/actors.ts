// System actors for audit entries written by deletion and erasure. Built here rather than with
// systemActor() from lib/auth/actor, which pulls in Next.js request modules the worker has no use for.
import type { SystemActor } from "../auth/actor";

export const DELETION_ACTOR: SystemActor = { kind: "system", name: "deletion" };
export const ERASURE_ACTOR: SystemActor = { kind: "system", name: "erasure" };
export const RETENTION_ACTOR: SystemActor = { kind: "system", name: "retention" };
