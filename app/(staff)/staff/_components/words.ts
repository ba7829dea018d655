// Every code the staff console shows, as words in the page's language: audit actions, actor kinds,
// field names, consent states and legal bases, request kinds and statuses (in staff wording), task
// kinds, recipients, categories and topics by their data map names. A code with no label is shown as
// it is, which the e2e spec e2e/staff-words.spec.ts catches.
import { getLocale, getTranslations } from "next-intl/server";
import { localeOf } from "@/lib/i18n/config";
import { loadVocabulary } from "@/lib/staff/vocabulary";

type Group =
  | "auditActions"
  | "auditTargets"
  | "actors"
  | "consentStatus"
  | "consentAction"
  | "legalBasis"
  | "consentMethod"
  | "channels"
  | "requestTypes"
  | "requestStatus"
  | "copyStatus"
  | "languages"
  | "taskHints";

export type StaffWords = Awaited<ReturnType<typeof staffWords>>;

export async function staffWords() {
  const raw = await getLocale();
  const locale = localeOf(raw);
  const [t, tc, tf, vocabulary] = await Promise.all([
    getTranslations("stafflabels"),
    getTranslations("staffconsole"),
    getTranslations("details.fieldNames"),
    loadVocabulary(locale),
  ]);
  const word = (group: Group) => (code: string | null | undefined) => {
    if (!code) return "—";
    const key = `${group}.${code}`;
    return t.has(key) ? t(key) : code;
  };
  const target = word("auditTargets");
  const list = (items: string[]) => items.join(", ");
  return {
    locale,
    action: word("auditActions"),
    target,
    /** An audit entry's object: data map keys by their names, other objects by kind and id. */
    targetOf: (type: string | null, id: string | null) => {
      if (!type) return "—";
      const named: Record<string, ((key: string) => string) | undefined> = {
        recipient: vocabulary.recipient,
        partner: vocabulary.recipient,
        data_category: vocabulary.category,
        purpose: vocabulary.purpose,
        consent_topic: vocabulary.topic,
      };
      const name = named[type];
      return id ? `${target(type)}: ${name ? name(id) : id}` : target(type);
    },
    actor: word("actors"),
    /** A field by the name the person's own details page gives it. */
    field: (f: string | null | undefined) => (!f ? "—" : tf.has(f) ? tf(f) : f),
    consentStatus: word("consentStatus"),
    consentAction: word("consentAction"),
    legalBasis: word("legalBasis"),
    method: word("consentMethod"),
    channel: word("channels"),
    requestType: word("requestTypes"),
    requestStatus: word("requestStatus"),
    copyStatus: word("copyStatus"),
    language: word("languages"),
    taskKind: (kind: string) => (tc.has(`tasks.kinds.${kind}`) ? tc(`tasks.kinds.${kind}`) : kind),
    taskHint: word("taskHints"),
    fact: (key: string, values: Record<string, string>) => t(`taskFacts.${key}`, values),
    list,
    /** The version of the wording a consent change was made under; the partner's page has its own. */
    wording: (version: string) =>
      version === "partner" ? t("wording.partner") : t("wording.version", { version }),
    ...vocabulary,
  };
}
