import { getTranslations } from "next-intl/server";
import type { DueStatus } from "@/lib/privacy/legal-clock";

/** Overdue / due-soon / on-time mark for an open request (nothing for a closed one). */
export async function DueBadge({ status }: { status: DueStatus | null }) {
  if (!status) return null;
  const t = await getTranslations("staffconsole.due");
  return <span className={`badge ${status}`}>{t(status)}</span>;
}
