import { requireStaff } from "@/lib/auth/actor";

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  await requireStaff();
  return <>{children}</>;
}
