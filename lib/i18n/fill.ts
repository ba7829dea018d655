/**
 * Puts values into a message the server formatted with `{name}` marks left for them (`withSlots` in
 * client-texts.ts): plurals and the rest of the message format were already resolved there.
 */
export function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (mark, name: string) =>
    name in values ? String(values[name]) : mark,
  );
}
