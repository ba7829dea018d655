// The data map's own names for what the staff console shows by key (recipients, categories,
// newsletter topics), in the page's language. Reference data only: nothing about a person.
import { db } from "../db";
import { RECIPIENTS } from "../datamap/policy-map";
import type { Locale } from "../i18n/config";

export type Vocabulary = {
  recipient: (key: string) => string;
  category: (key: string) => string;
  topic: (key: string) => string;
  purpose: (key: string) => string;
};

export async function loadVocabulary(locale: Locale): Promise<Vocabulary> {
  const [recipients, categories, topics, purposes] = await Promise.all([
    db.recipient.findMany({ select: { key: true, name: true } }),
    db.dataCategory.findMany({ select: { key: true, nameSv: true, nameEn: true } }),
    db.consentTopic.findMany({ select: { key: true, nameSv: true, nameEn: true } }),
    db.purpose.findMany({ select: { key: true, textSv: true, textEn: true } }),
  ]);
  const recipientNames = new Map(recipients.map((r) => [r.key, recipientName(r, locale)]));
  const categoryNames = new Map(categories.map((c) => [c.key, locale === "en" ? c.nameEn : c.nameSv]));
  const topicNames = new Map(topics.map((t) => [t.key, locale === "en" ? t.nameEn : t.nameSv]));
  const purposeTexts = new Map(purposes.map((p) => [p.key, locale === "en" ? p.textEn : p.textSv]));
  return {
    recipient: (key) => recipientNames.get(key) ?? recipientName({ key, name: key }, locale),
    category: (key) => categoryNames.get(key) ?? key,
    topic: (key) => topicNames.get(key) ?? key,
    purpose: (key) => purposeTexts.get(key) ?? key,
  };
}

/**
 * The seeded names are bilingual ("Nyhetsbrevspartner / Newsletter partner"): shown in the page's
 * language unless an admin renamed the recipient, whose name is then shown as written.
 */
export function recipientName(r: { key: string; name: string }, locale: Locale): string {
  const seeded = RECIPIENTS.find((x) => x.key === r.key);
  if (seeded && (seeded.name === r.name || r.name === r.key))
    return locale === "en" ? seeded.nameEn : seeded.nameSv;
  return r.name;
}
