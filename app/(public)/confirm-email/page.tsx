import { confirmEmailChangeAction } from "@/app/actions/details";
import { ConfirmLinkPage } from "@/components/confirm-link-page";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("details.confirmEmail");

const RESULTS = ["confirmed", "already", "expired", "invalid", "taken", "failed"] as const;

export default async function ConfirmEmailPage({ searchParams }: WithSearchParams) {
  return (
    <ConfirmLinkPage
      searchParams={await searchParams}
      namespace="details.confirmEmail"
      results={RESULTS}
      action={confirmEmailChangeAction}
      good={(r) => r === "confirmed" || r === "already"}
      back={(good) =>
        good ? { href: "/sign-in", label: "toSignIn" } : { href: "/details", label: "toDetails" }
      }
    />
  );
}
