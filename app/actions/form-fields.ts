/** The named fields of a posted form as text ("" for a missing one). */
export function textFields<K extends string>(formData: FormData, names: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const name of names) out[name] = String(formData.get(name) ?? "");
  return out;
}
