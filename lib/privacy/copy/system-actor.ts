// The worker's actor for audit entries. Defined here rather than imported from lib/auth/actor, which
// pulls in Next.js request modules the job process has no use for (and would carry in memory).
import type { SystemActor } from "../../auth/actor";

export const copyJobActor = (name: "copy.build" | "copy.expire"): SystemActor => ({ kind: "system", name });
