import { requireSubject } from "@/lib/auth/actor";

// Pages check the actor themselves too; this only keeps strangers out of the whole area early.
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  await requireSubject();
  return <>{children}</>;
}
