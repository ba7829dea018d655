import { confirmOptInAction } from "@/app/actions/preferences";
import { ConfirmLinkPage } from "@/components/confirm-link-page";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("preferences.confirm");

const RESULTS = ["confirmed", "already", "expired", "invalid", "failed"];

export default async function ConfirmSubscriptionPage({ searchParams }: WithSearchParams) {
  return (
    <ConfirmLinkPage
      searchParams={await searchParams}
      namespace="preferences.confirm"
      results={RESULTS}
      action={confirmOptInAction}
      good={(r) => r === "confirmed" || r === "already"}
      back={() => ({ href: "/preferences", label: "toPreferences" })}
    />
  );
}
