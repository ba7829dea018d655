// The data map's own names for what the staff console shows by key (recipients, categories,
// newsletter topics), in the page's language. Reference data only: nothing about a person.
import { db } from "../db";
import { recipientName } from "../datamap/recipient-name";
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
  const recipientNames = new Map(recipients.map((r) => [r.key, recipientName(r.key, locale, r.name)]));
  const categoryNames = new Map(categories.map((c) => [c.key, locale === "en" ? c.nameEn : c.nameSv]));
  const topicNames = new Map(topics.map((t) => [t.key, locale === "en" ? t.nameEn : t.nameSv]));
  const purposeTexts = new Map(purposes.map((p) => [p.key, locale === "en" ? p.textEn : p.textSv]));
  return {
    recipient: (key) => recipientNames.get(key) ?? recipientName(key, locale),
    category: (key) => categoryNames.get(key) ?? key,
    topic: (key) => topicNames.get(key) ?? key,
    purpose: (key) => purposeTexts.get(key) ?? key,
  };
}
