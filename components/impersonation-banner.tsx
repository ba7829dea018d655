import { getFormatter, getTranslations } from "next-intl/server";
import type { ImpersonationActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { stopImpersonationAction } from "@/app/actions/impersonation";

export async function ImpersonationBanner({ actor }: { actor: ImpersonationActor }) {
  const t = await getTranslations("common.impersonation");
  const format = await getFormatter();
  const person = await db.person.findUnique({
    where: { id: actor.personId },
    select: { firstName: true, lastName: true },
  });
  const name = [person?.firstName, person?.lastName].filter(Boolean).join(" ") || "—";
  return (
    <div className="impersonation-banner" role="region" aria-label={t("label")}>
      <div className="container">
        <p>
          <strong>{t("title", { staff: actor.name, person: name })}</strong>{" "}
          {t("until", { time: format.dateTime(actor.expiresAt, { hour: "2-digit", minute: "2-digit" }) })}{" "}
          {t("reason", { reason: actor.reason })}
        </p>
        <form action={stopImpersonationAction}>
          <button type="submit">{t("stop")}</button>
        </form>
      </div>
    </div>
  );
}
