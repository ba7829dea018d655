// A recipient's name in one language. The policy's recipients are seeded with one bilingual name
// ("Transportföretag / Transport companies"); a page, a copy or an email shows the name in its own
// language, unless an admin has renamed the recipient (the stored name then differs from the seeded one),
// in which case the admin's name is shown as it is.
import type { Locale } from "../i18n/config";
import { RECIPIENTS } from "./policy-map";

export function recipientName(key: string, locale: Locale, storedName?: string | null): string {
  const seeded = RECIPIENTS.find((r) => r.key === key);
  if (seeded && (storedName == null || storedName === seeded.name)) {
    return locale === "en" ? seeded.nameEn : seeded.nameSv;
  }
  return storedName || key;
}
