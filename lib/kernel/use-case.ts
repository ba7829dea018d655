// The one way to define a use-case. A use-case names its policy action and who may call it; the kernel
// checks both before the body runs and hands the body the narrowed actor, so no use-case re-checks actor
// kinds itself. Every defined use-case is listed in the registry, which the tests enumerate.
import type { z } from "zod";
import type {
  ApiKeyActor,
  ImpersonationActor,
  PersonActor,
  StaffActor,
  SystemActor,
  Actor,
} from "../auth/actor";
import { can, type Action } from "../auth/policy";
import type { Tx } from "../db";
import { AppError } from "../errors";

/** Who may call a use-case (the policy table then decides whether this one may do its action). */
export type Caller = "person" | "impersonation" | "staff" | "system" | "api_key";

type ActorOf<C extends Caller> = C extends "person"
  ? PersonActor
  : C extends "impersonation"
    ? ImpersonationActor
    : C extends "staff"
      ? StaffActor
      : C extends "api_key"
        ? ApiKeyActor
        : Exclude<SystemActor, ApiKeyActor>;

/** The person the portal shows: the person, or staff impersonating them. */
export const SUBJECT = ["person", "impersonation"] as const satisfies readonly Caller[];

export type UseCaseDefinition<C extends Caller> = {
  /** The policy action (lib/auth/policy.ts) the caller must be allowed, or how the first argument names it. */
  action: Action | ((first: never) => Action);
  /** The kinds of caller this use-case serves; anyone else is refused before the policy is asked. */
  callers: readonly C[];
};

type Registered = {
  name: string;
  callers: readonly Caller[];
  action: Action | "(by input)";
  /** The use-case itself, as any entry point calls it. */
  call: (actor: Actor | null, ...args: never[]) => Promise<unknown>;
};

export type UseCase<C extends Caller, A extends unknown[], R> = ((
  actor: Actor | null,
  ...args: A
) => Promise<R>) & {
  readonly useCase: Omit<Registered, "call"> & { callers: readonly C[] };
};

const registry = new Map<string, Registered>();

/** Every use-case defined in the modules loaded so far, by name. */
export function registeredUseCases(): ReadonlyMap<string, Registered> {
  return registry;
}

function callerOf(actor: Actor): Caller {
  if (actor.kind === "system") return "keyId" in actor ? "api_key" : "system";
  return actor.kind;
}

/** The checks every use-case starts with: someone is acting, of a kind served, allowed the action. */
export function admit<C extends Caller>(
  actor: Actor | null,
  def: { action: Action; callers: readonly C[] },
): ActorOf<C> {
  if (!actor) throw new AppError("unauthenticated");
  if (!(def.callers as readonly Caller[]).includes(callerOf(actor))) throw new AppError("forbidden");
  if (!can(actor, def.action)) throw new AppError("forbidden");
  return actor as ActorOf<C>;
}

/**
 * Defines a use-case: `name` is how the registry and the audit know it. The body receives the narrowed
 * actor and the caller's arguments; refusals are AppErrors that the action and route adapters map.
 */
export function defineUseCase<C extends Caller, A extends unknown[], R>(
  name: string,
  def: UseCaseDefinition<C>,
  body: (actor: ActorOf<C>, ...args: A) => Promise<R>,
): UseCase<C, A, R> {
  const entry = {
    name,
    callers: def.callers,
    action: typeof def.action === "function" ? ("(by input)" as const) : def.action,
  };
  const run = async (actor: Actor | null, ...args: A): Promise<R> => {
    const action = typeof def.action === "function" ? def.action(args[0] as never) : def.action;
    return body(admit(actor, { action, callers: def.callers }), ...args);
  };
  registry.set(name, { ...entry, call: run as unknown as Registered["call"] });
  return Object.assign(run, { useCase: entry });
}

/** Parses a use-case's input with its schema; a refusal names the fields, in the form's terms. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  throw new AppError("invalid_input", fields);
}

/** Parses input that its form has already checked: a refusal is a bare "invalid_input". */
export function parseCheckedInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid_input");
  return parsed.data;
}

/**
 * Locks the person's row for the rest of the transaction, so use-cases on one person queue up (the
 * free-copy rule, corrections, erasure). Answers whether the person exists.
 */
export async function lockPerson(tx: Tx, personId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Person" WHERE id = ${personId} FOR UPDATE`;
  return rows.length === 1;
}

/** Locks a request's row for the rest of the transaction; answers whether it exists. */
export async function lockRequestRow(tx: Tx, requestId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Request" WHERE id = ${requestId} FOR UPDATE`;
  return rows.length === 1;
}
