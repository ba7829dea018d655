// Text typed into a search is text: its LIKE wildcards (% and _) and the escape character itself are
// escaped before Prisma's contains / startsWith put it into a pattern (PostgreSQL's default escape
// character is the backslash). Searches are the only place where the portal matches by pattern;
// addresses are otherwise compared exactly (lib/validation/email-address.ts).
export function likeText(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
