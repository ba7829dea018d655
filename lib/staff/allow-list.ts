// The staff allow-list: an address here signs in as staff or admin. Admins manage it.
import { defineUseCase } from "@/lib/kernel/use-case";
import { z } from "zod";
import { db } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { emailSchema } from "../auth/sign-in.validation";

export const addStaffInput = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "name_required").max(120, "name_too_long"),
  role: z.enum(["staff", "admin"], { error: "role_invalid" }),
});
export type AddStaffInput = z.infer<typeof addStaffInput>;

export const listStaff = defineUseCase(
  "staff_members.list",
  { action: "admin.settings", callers: ["staff"] },
  async (_actor) => {
    return db.staffMember.findMany({ orderBy: [{ active: "desc" }, { name: "asc" }] });
  },
);

export const addStaff = defineUseCase(
  "staff_members.add",
  { action: "admin.settings", callers: ["staff"] },
  async (actor, input: AddStaffInput) => {
    return db.$transaction(async (tx) => {
      const existing = await tx.staffMember.findUnique({ where: { email: input.email } });
      const member = existing
        ? await tx.staffMember.update({
            where: { id: existing.id },
            data: { name: input.name, role: input.role, active: true },
          })
        : await tx.staffMember.create({ data: input });
      await audit(tx, actor, {
        action: "admin.staff_saved",
        targetType: "staff",
        targetId: member.id,
        meta: { role: input.role },
      });
      return member;
    });
  },
);

export const setStaffActive = defineUseCase(
  "staff_members.set_staff_active",
  { action: "admin.settings", callers: ["staff"] },
  async (actor, staffId: string, active: boolean) => {
    if (actor.kind === "staff" && actor.staffMemberId === staffId && !active)
      throw new AppError("not_allowed_now", { reason: "own_account" });
    await db.$transaction(async (tx) => {
      const member = await tx.staffMember.findUnique({ where: { id: staffId } });
      if (!member) throw new AppError("not_found");
      await tx.staffMember.update({ where: { id: staffId }, data: { active } });
      if (!active) {
        // Their sessions end at once.
        await tx.session.deleteMany({ where: { user: { email: member.email } } });
      }
      await audit(tx, actor, {
        action: active ? "admin.staff_activated" : "admin.staff_deactivated",
        targetType: "staff",
        targetId: staffId,
      });
    });
  },
);
