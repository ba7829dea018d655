// Expected errors carry a code that maps to a translated message, and a detail whose shape is fixed by
// the code; anything else is logged without personal data and answered generically. Entry points never
// map codes themselves: lib/http/action.ts (server actions) and lib/http/route.ts (route handlers) do
// (docs/decisions/0028-errors-adapters-form-kit.md).

/** What each code carries. `undefined`: nothing. */
export type ErrorDetails = {
  unauthenticated: undefined;
  forbidden: undefined;
  not_found: undefined;
  /** Field name → error code (a message key); "_" for the form as a whole; none known: undefined. */
  invalid_input: FieldErrors | undefined;
  step_up_required: undefined;
  /** When the caller may try again, if known. */
  rate_limited: { retryAfterSeconds?: number } | undefined;
  conflict: undefined;
  free_copy_used: undefined;
  copy_in_progress: Refusal | undefined;
  expired: undefined;
  /** Why not now (a message key), e.g. "status", "open_tasks"; never a form field. */
  not_allowed_now: Refusal;
};

export type ErrorCode = keyof ErrorDetails;
export type FieldErrors = Record<string, string>;
export type Refusal = { reason: string; openTasks?: number };

export const ERROR_CODES = [
  "unauthenticated",
  "forbidden",
  "not_found",
  "invalid_input",
  "step_up_required",
  "rate_limited",
  "conflict",
  "free_copy_used",
  "copy_in_progress",
  "expired",
  "not_allowed_now",
] as const satisfies readonly ErrorCode[];

/** The detail argument: required where the code carries one, optional where it may, absent otherwise. */
type DetailArg<C extends ErrorCode> = undefined extends ErrorDetails[C]
  ? [detail?: ErrorDetails[C]]
  : [detail: ErrorDetails[C]];

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  public readonly detail: ErrorDetails[C];
  constructor(
    public readonly code: C,
    ...[detail]: DetailArg<C>
  ) {
    super(code);
    this.name = "AppError";
    this.detail = detail as ErrorDetails[C];
  }
}

/** An AppError of some code, narrowed by `switch (err.code)`. */
export type AnyAppError = { [C in ErrorCode]: AppError<C> }[ErrorCode];

/**
 * The one test for an application error: any code, or one of the codes given.
 * `isAppError(err, "not_found")` narrows `err.detail` to that code's detail.
 */
export function isAppError(err: unknown): err is AnyAppError;
export function isAppError<C extends ErrorCode>(err: unknown, ...codes: [C, ...C[]]): err is AppError<C>;
export function isAppError(err: unknown, ...codes: ErrorCode[]): boolean {
  if (!(err instanceof AppError)) return false;
  return codes.length === 0 || codes.includes(err.code);
}
