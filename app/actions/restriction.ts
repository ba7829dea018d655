"use server";

// The person's own restriction (Art. 18) or objection (Art. 21(1)) request. The person id comes from
// the session inside the use-case, never from the form.
import { revalidatePath } from "next/cache";
import { getActor } from "@/lib/auth/actor";
import { runForm, type FormState } from "@/lib/http/action";
import { fileOwnRequest } from "@/lib/privacy/own-request";
import { personRequestInput } from "@/lib/staff/validation";

export async function fileOwnRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(
    formData,
    personRequestInput,
    async (input) => {
      const r = await fileOwnRequest(await getActor(), input);
      revalidatePath("/requests");
      if (r.existing) return "alreadyOpen";
      return input.type === "restriction" ? "restrictionFiled" : "objectionFiled";
    },
    { area: "restriction" },
  );
}
