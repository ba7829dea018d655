// Expected errors carry a code that maps to a translated message (messages/*/errors.json);
// anything else is logged without personal data and answered generically.
export type ErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "invalid_input"
  | "step_up_required"
  | "rate_limited"
  | "conflict"
  | "free_copy_used"
  | "copy_in_progress"
  | "expired"
  | "not_allowed_now";

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly detail?: Record<string, string | number>,
  ) {
    super(code);
    this.name = "AppError";
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
