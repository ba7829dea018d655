// Job handlers for lib/jobs/handlers.ts (job data holds ids only).
import { buildCopy } from "./build";
import { expireCopies } from "./expire";

export const copyBuildJob = async (data: Record<string, unknown>) => {
  if (typeof data.copyId !== "string") return "skipped";
  return buildCopy(data.copyId);
};

export const copyExpireJob = async () => expireCopies();
