import { getTranslations } from "next-intl/server";
import { setLanguageAction } from "@/app/actions/language";
import { LOCALES } from "@/lib/i18n/config";
import { PostingForm } from "@/components/forms/posting-form";

export async function LanguageSwitch({ current }: { current: string }) {
  const t = await getTranslations("common");
  return (
    <PostingForm action={setLanguageAction} className="lang-switch" aria-label={t("language.label")}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="language"
          value={l}
          className={l === current ? "" : "secondary"}
          aria-pressed={l === current}
          lang={l}
        >
          {t(`language.${l}`)}
        </button>
      ))}
    </PostingForm>
  );
}
