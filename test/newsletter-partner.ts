// The newsletter partner's configuration for a test file: connected (RESEND_API_KEY set) or not, and the
// environment as it was once the file's tests are done.
import { afterAll, beforeAll } from "vitest";

export function partnerConnected(connected: boolean) {
  if (connected) process.env.RESEND_API_KEY = "re_test_connected";
  else delete process.env.RESEND_API_KEY;
}

/** The file's tests run with the partner connected unless a test says otherwise. */
export function withPartnerConnected() {
  const saved = process.env.RESEND_API_KEY;
  beforeAll(() => partnerConnected(true));
  afterAll(() => {
    if (saved === undefined) delete process.env.RESEND_API_KEY;
    else process.env.RESEND_API_KEY = saved;
  });
}
