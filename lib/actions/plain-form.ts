// For a form whose action answers with a page rather than a state (a plain <form action={…}>): an
// expected refusal (an AppError, e.g. a non-admin calling an admin action) or an unexpected failure
// (logged by kind only) sends the browser back to a page with `?problem=<code>`, which that page
// shows (components/action-problem.tsx). Never the error page, never a 500 with a stack in the log.
import { redirect, unstable_rethrow } from "next/navigation";
import { isAppError, type ErrorCode } from "../errors";

export const PROBLEM_PARAM = "problem";
export type Problem = ErrorCode | "failed";

export async function runPlainForm(
  area: string,
  back: (problem: Problem) => string,
  work: () => Promise<void>,
): Promise<void> {
  let problem: Problem;
  try {
    await work();
    return;
  } catch (err) {
    // The work's own redirect (or notFound) is an answer, not a failure.
    unstable_rethrow(err);
    if (isAppError(err)) problem = err.code;
    else {
      console.error(`[${area}] action failed`, (err as Error)?.name ?? "error");
      problem = "failed";
    }
  }
  redirect(`${back(problem)}?${PROBLEM_PARAM}=${problem}`);
}
