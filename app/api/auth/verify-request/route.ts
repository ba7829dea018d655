import { NextResponse } from "next/server";
import { CHECK_EMAIL_PATH } from "@/lib/auth/auth";

// Auth.js ends a link request here; the portal's own page says the same for every address.
export function GET(request: Request) {
  return NextResponse.redirect(new URL(CHECK_EMAIL_PATH, request.url), 303);
}
