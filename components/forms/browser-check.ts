// The browser's side of a form's check (the form kit's `check`): the form's values run through the
// same schema the server parses with. This file imports nothing of zod: it asks of a schema only the
// Standard Schema interface (`~standard`) that every zod schema has, and the schema module itself is
// loaded on the first check (docs/decisions/0012-client-javascript-budget.md).

type Issue = {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
};
type CheckResult = { readonly issues?: ReadonlyArray<Issue> | undefined };

/** What the browser needs of a schema. */
export type FormSchema = {
  readonly "~standard": {
    readonly validate: (value: unknown) => CheckResult | Promise<CheckResult>;
  };
};

/** Loads a form's schema on demand. */
export type SchemaLoader = () => Promise<FormSchema>;

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * The schema's verdict on what the form holds: the first error code per field (empty when valid),
 * or null when the check could not run (the schema did not load); the server then decides.
 */
export async function checkForm(
  load: SchemaLoader,
  data: FormData,
  fields: readonly string[],
): Promise<Record<string, string> | null> {
  try {
    const values: Record<string, string> = {};
    for (const name of fields) {
      const value = data.get(name);
      values[name] = typeof value === "string" ? value : "";
    }
    const result = await (await load())["~standard"].validate(values);
    const found: Record<string, string> = {};
    for (const issue of result.issues ?? []) {
      const segment = issue.path?.[0];
      const name = String(typeof segment === "object" && segment !== null ? segment.key : (segment ?? ""));
      if (fields.includes(name)) found[name] ??= issue.message;
    }
    return found;
  } catch {
    return null;
  }
}

export function isControl(target: unknown): target is Control {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  );
}
