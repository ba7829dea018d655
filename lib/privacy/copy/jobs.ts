// Job handlers for lib/jobs/handlers.ts (job data holds ids only).
import { buildCopy, type BuildOptions } from "./build";
import { expireCopies } from "./expire";

export const copyBuildJob = async (data: Record<string, unknown>, opts: BuildOptions = {}) => {
  if (typeof data.copyId !== "string") return "skipped";
  return buildCopy(data.copyId, opts);
};

export const copyExpireJob = async () => expireCopies();
