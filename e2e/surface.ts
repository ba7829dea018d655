// Every entry point of the portal: each page (app/**/page.tsx), each route handler's HTTP method
// (app/**/route.ts) and each exported server action (files with "use server"), with the test that
// proves the right person succeeds (owner) and the test that proves the wrong one is refused
// (attacker). A test is named "<file> › <title as written in the file>". test/surface.test.ts fails
// when an entry point is missing here, when an entry names something that does not exist, or when a
// named test is not in its file; a test named for a page or route must call its exact path.
//
// The attacker may be `{ none: "<why>" }` only for a public page or route that shows everyone the
// same thing and holds no data (the surface test refuses it for anything else); such an entry's
// owner test still checks the answer and its content.

/** "<spec or test file> › <the test's title exactly as written in the file>". */
export type TestRef = `${string} › ${string}`;
export type Coverage = {
  owner: TestRef;
  attacker: TestRef | { none: string };
};
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

const ref = (file: string, title: string): TestRef => `${file} › ${title}`;
const files = {
  av: "e2e/attacker-victim.spec.ts",
  avDetails: "e2e/attacker-victim-details.spec.ts",
  avStaff: "e2e/attacker-victim-staff.spec.ts",
  copy: "e2e/copy.spec.ts",
  deletion: "e2e/deletion.spec.ts",
  details: "e2e/details.spec.ts",
  goLive: "e2e/go-live.spec.ts",
  owner: "e2e/owner.spec.ts",
  pages: "e2e/pages.spec.ts",
  preferences: "e2e/preferences.spec.ts",
  security: "e2e/security.spec.ts",
  signIn: "e2e/sign-in.spec.ts",
  staff: "e2e/staff.spec.ts",
  newsletter: "e2e/newsletter.spec.ts",
};

// The tests the entries below name: those named by more than one entry, and those whose titles do not
// fit on an entry's line.
const T = {
  publicPages: ref(files.owner, "public pages answer 200 with their own heading"),
  forgedLinks: ref(
    files.owner,
    "a forged or malformed link on a public page says so, and its button confirms nothing",
  ),
  personPages: ref(
    files.owner,
    "the person's pages show their own heading and details; a restriction is filed; signing out ends the session",
  ),
  adminPages: ref(
    files.owner,
    "admin pages show their content: tasks, audit trail, impersonations, settings; an API key is created and revoked",
  ),
  authEndpoints: ref(
    files.owner,
    "Auth.js's own endpoints: a link asked for by POST, the sign-in completed by the confirm page's POST; a forged token signs no one in",
  ),
  attackerPages: ref(
    files.av,
    "the attacker sees only their own data on every page, whatever identifiers they add",
  ),
  attackerOutOfReach: ref(
    files.av,
    "the victim's request, fee page, copy and staff pages are out of the attacker's reach",
  ),
  staffPagesClosed: ref(files.avStaff, "a person is sent away from every staff page, whatever ids they add"),
  staffReplay: ref(files.avStaff, "a person replaying staff forms with their own session changes nothing"),
  fee: ref(files.avStaff, "a fee offer is seen and answered only by its own person"),
  annaCopy: ref(
    files.copy,
    "Anna sees her data, makes her free copy, downloads it, and a second request goes to staff",
  ),
  downloadLink: ref(
    files.copy,
    "the download link works only for Anna, recently signed in, and never for staff as Anna",
  ),
  deletion: ref(files.deletion, "plan, step-up, cancel, ask again, erasure, receipt, and no more sign-in"),
  emailChange: ref(
    files.details,
    "email change: link to the new address, notice to the old, button confirms, then sign-in with the new address",
  ),
  correctAddress: ref(
    files.details,
    "correcting an address: the error is beside the field, what was typed stays, the saved value is normalised",
  ),
  forgedEmailToken: ref(files.avDetails, "a forged or guessed confirmation token changes no one's address"),
  optIn: ref(
    files.preferences,
    "double opt-in: tick email news, pending, confirm by the emailed link's button, given; synced to the partner",
  ),
  objection: ref(files.preferences, "objection stops every channel at once and is a completed request"),
  unsubscribeLink: ref(files.preferences, "the GET link only shows a page; its one button unsubscribes"),
  magicLink: ref(files.signIn, "magic link: opening the link signs no one in; the button does, once"),
  alteredLink: ref(files.signIn, "an altered or expired link is refused"),
  unknownAddress: ref(
    files.signIn,
    "an unknown address gets the same page, no account, and a 'nothing held' email",
  ),
  crossOrigin: ref(
    files.security,
    "a state-changing request from another origin is refused and changes nothing",
  ),
  impersonation: ref(
    files.staff,
    "impersonation: started with a reason, bannered, limited, audited with both identities, seen by the person",
  ),
  intake: ref(
    files.staff,
    "intake: a letter registered with its real date, confirmed from the person's mailbox, then extended",
  ),
  // Every action in app/actions, called as a person and as an admin with another person's ids mixed
  // into generated input: nothing of the other person's changes.
  actionsFuzz: ref(
    "test/actions-fuzz.test.ts",
    "answer bad input as ${identity} without an unexpected failure or a change to another person",
  ),
  // Every staff and admin use-case behind the staff actions, called by a person with a victim's ids.
  staffUseCasesRefused: ref(
    "lib/staff/access.test.ts",
    "a person, acting on another person's ids, gets 'forbidden' from every staff and admin use-case and changes nothing",
  ),
  queue: ref("lib/staff/decisions.test.ts", "shows received and due dates, due marks, assignment and notes"),
  allowListAndDataMap: ref(
    "lib/staff/settings.test.ts",
    "an admin saves general settings, a purpose and a recipient, and adds a staff member, deactivates and reactivates them",
  ),
  apiKeysAdminsOnly: ref("lib/staff/api-keys.test.ts", "are managed by admins only"),
  connectorSettings: ref(
    "e2e/connector-settings.spec.ts",
    "an admin configures WIX, tests the connection, never sees the key again, and a wrong key is 'rejected'",
  ),
  connectorSettingsClosed: ref(
    "e2e/connector-settings.spec.ts",
    "a staff member who is not an admin, and a person, do not reach the connector settings",
  ),
  connectorsAdminsOnly: ref(
    "lib/connectors/admin.sequential.test.ts",
    "a staff member who is not an admin can do neither; an admin disables, enables and removes",
  ),
  newsletterSent: ref(
    files.newsletter,
    "an admin sends a newsletter in the browser; the outbox shows it; a recipient unsubscribes in one click",
  ),
  newsletterRefused: ref(
    files.newsletter,
    "a staff member who is not an admin is refused the newsletter page",
  ),
  newsletterAdmin: ref(
    "lib/newsletter/send-newsletter.test.ts",
    "an admin sends it: recorded with who, topic and counts, and audited",
  ),
  newsletterNotAdmin: ref(
    "lib/newsletter/send-newsletter.test.ts",
    "is refused to a staff member who is not an admin, and nothing is recorded",
  ),
  restriction: ref(
    "lib/staff/restriction.test.ts",
    "stops the newsletter sync for that person until it is lifted, after the person was told",
  ),
  detailsPageAttacker: ref(
    files.avDetails,
    "the details page shows only the attacker's own details, whatever identifiers the URL carries",
  ),
  stepUp: ref(
    files.signIn,
    "step-up: a sensitive page asks for a fresh link when the sign-in is older than 15 minutes",
  ),
  goLiveAdmin: ref(
    files.goLive,
    "an admin sees what is left before going live, sets a category's basis, and the person's page shows it for the category and its purposes",
  ),
  goLiveRefused: ref(
    files.goLive,
    "staff who are not admins are refused the before-going-live page and see no reminder",
  ),
  benchOwnData: ref(
    "app/api/bench/my-data/route.test.ts",
    "answers the signed-in person's own data in a benchmark run",
  ),
  benchRefused: ref(
    "app/api/bench/my-data/route.test.ts",
    "answers 401 without a person's session, and 404 outside a benchmark run",
  ),
  ingestRecords: ref(
    "app/api/ingest/[type]/route.test.ts",
    "creates records and answers 200 with a result per record; the call is audited and the key marked used",
  ),
  ingestNoKey: ref(
    "app/api/ingest/[type]/route.test.ts",
    "refuses a request without a key, or with an unknown one, with 401 and stores nothing",
  ),
  unsubscribeTampered: ref(
    "app/api/unsubscribe/route.test.ts",
    "sends a browser with a tampered or missing token on to the portal's page, without the token",
  ),
  unsubscribePost: ref(
    files.preferences,
    "POST form-encoded and multipart both unsubscribe, twice is the same, a tampered token is 4xx",
  ),
  webhookLedger: ref(
    files.preferences,
    "a webhook with a bad signature is refused (401, nothing stored); a signed one lands in the ledger",
  ),
  webhookBadSignature: ref(
    "app/api/webhooks/newsletter/route.test.ts",
    "refuses a bad signature with 401 and stores nothing",
  ),
  deletionNeedsConfirmation: ref(
    "lib/erasure/erasure.test.ts",
    "needs a fresh sign-in, an explicit confirmation and the person themself",
  ),
  emailChangeNoOracle: ref(
    files.avDetails,
    "asking for the victim's address answers as for a free one; the victim is only told it cannot be used",
  ),
  identityCorrectionRefused: ref(
    "lib/privacy/rectification/identity-correction.test.ts",
    "refuses invalid or unchanged values with field errors, and impersonating staff",
  ),
  identityCorrectionDecided: ref(
    files.details,
    "staff confirm an identity correction on the request page; the person sees it done, in the history",
  ),
  identityCorrectionOnlyStaff: ref(
    "lib/privacy/rectification/identity-correction.test.ts",
    "only staff decide: not the person, not impersonating staff",
  ),
  languageSwitch: ref(
    "e2e/language.spec.ts",
    "a signed-in person's language switch is stored, in their history, and audited",
  ),
  preferencesStrangers: ref(
    "lib/consent/consent.test.ts",
    "staff outside impersonation and strangers cannot change preferences",
  ),
  restrictionOwnRequest: ref(
    "lib/staff/restriction.test.ts",
    "an objection needs the person's reasons; only the person files either",
  ),
  resolveWithOpenTask: ref(
    "lib/staff/decisions.test.ts",
    "a request cannot be resolved while a recipient task is open; ticking it names the staff member",
  ),
  refusalReasons: ref(
    "lib/staff/decisions.test.ts",
    "tells the person the reasons, and their rights to complain to IMY or their own authority and to go to court",
  ),
  staffSearch: ref(
    "e2e/hostile-input.spec.ts",
    "staff search by personnummer finds the person and keeps the number out of every URL",
  ),
} as const;

const noData = (why: string) => ({ none: `public, holds no data: ${why}` });

/** Pages, by their URL path (route groups left out). */
export const PAGES: Record<string, Coverage> = {
  // public
  "/": { owner: T.publicPages, attacker: noData("the same introduction for everyone") },
  "/privacy": { owner: T.publicPages, attacker: noData("the privacy notice, generated from the data map") },
  "/cookies": { owner: T.publicPages, attacker: noData("the cookie notice") },
  "/sign-in": { owner: T.magicLink, attacker: T.unknownAddress },
  "/sign-in/check-email": { owner: T.publicPages, attacker: noData("the same text whatever was asked") },
  "/sign-in/confirm": { owner: T.magicLink, attacker: T.alteredLink },
  "/sign-in/error": { owner: T.publicPages, attacker: noData("a fixed message per error code") },
  "/dev/outbox": {
    owner: ref(files.pages, "demo mode shows the marker and the outbox"),
    attacker: ref(files.pages, "production mode: no outbox, no demo marker, HSTS and secure cookies"),
  },
  "/unsubscribe": { owner: T.unsubscribeLink, attacker: T.forgedLinks },
  "/confirm-subscription": { owner: T.optIn, attacker: T.forgedLinks },
  "/confirm-email": { owner: T.emailChange, attacker: T.forgedEmailToken },
  "/confirm-request": { owner: T.intake, attacker: T.forgedLinks },
  // the person's pages
  "/my-data": { owner: T.annaCopy, attacker: T.attackerPages },
  "/copy": { owner: T.annaCopy, attacker: T.attackerPages },
  "/details": { owner: T.correctAddress, attacker: T.detailsPageAttacker },
  "/preferences": { owner: T.objection, attacker: T.attackerPages },
  "/requests": { owner: T.annaCopy, attacker: T.attackerPages },
  "/requests/fee/[id]": { owner: T.fee, attacker: T.fee },
  "/deletion": { owner: T.deletion, attacker: T.attackerPages },
  "/activity": { owner: T.impersonation, attacker: T.attackerPages },
  "/step-up": { owner: T.stepUp, attacker: T.attackerOutOfReach },
  // staff
  "/staff": {
    owner: ref(files.signIn, "staff reach /staff through the same sign-in; a customer does not"),
    attacker: T.staffPagesClosed,
  },
  "/staff/people/[id]": { owner: T.impersonation, attacker: T.staffPagesClosed },
  "/staff/requests": { owner: T.intake, attacker: T.staffPagesClosed },
  "/staff/requests/[id]": { owner: T.intake, attacker: T.staffPagesClosed },
  "/staff/tasks": { owner: T.adminPages, attacker: T.staffPagesClosed },
  "/staff/audit": { owner: T.adminPages, attacker: T.staffPagesClosed },
  "/staff/impersonations": { owner: T.adminPages, attacker: T.staffPagesClosed },
  "/staff/settings": { owner: T.adminPages, attacker: T.staffPagesClosed },
  "/staff/settings/api-keys": { owner: T.adminPages, attacker: T.staffPagesClosed },
  "/staff/settings/connectors": { owner: T.connectorSettings, attacker: T.connectorSettingsClosed },
  "/staff/newsletter": { owner: T.newsletterSent, attacker: T.newsletterRefused },
  "/staff/go-live": { owner: T.goLiveAdmin, attacker: T.goLiveRefused },
};

/** Route handlers, by URL path and HTTP method. */
export const ROUTES: Record<string, Partial<Record<Method, Coverage>>> = {
  "/api/auth/[...nextauth]": {
    // GET: the emailed link's button lands on /api/auth/callback/email; POST: /api/auth/signin/email.
    GET: { owner: T.authEndpoints, attacker: T.authEndpoints },
    POST: { owner: T.authEndpoints, attacker: T.crossOrigin },
  },
  "/api/auth/verify-request": {
    GET: {
      owner: ref(files.signIn, "Auth.js's own end of a link request lands on the same page"),
      attacker: noData("a redirect to the check-email page"),
    },
  },
  "/api/bench/my-data": {
    GET: { owner: T.benchOwnData, attacker: T.benchRefused },
  },
  "/api/exports/[id]": { GET: { owner: T.downloadLink, attacker: T.downloadLink } },
  "/api/exports/status": { GET: { owner: T.annaCopy, attacker: T.attackerOutOfReach } },
  "/api/ingest/[type]": {
    POST: { owner: T.ingestRecords, attacker: T.ingestNoKey },
  },
  "/api/ingest/openapi.json": {
    GET: {
      owner: ref(files.security, "the ingest API's OpenAPI description is served and holds no data"),
      attacker: noData("the API's description"),
    },
  },
  "/api/unsubscribe": {
    GET: { owner: T.unsubscribeLink, attacker: T.unsubscribeTampered },
    POST: {
      owner: T.unsubscribePost,
      attacker: ref("app/api/unsubscribe/route.test.ts", "a tampered token gets 400 and changes nothing"),
    },
  },
  "/api/webhooks/newsletter": {
    POST: { owner: T.webhookLedger, attacker: T.webhookBadSignature },
  },
};

/** The actions of one file, as "<file>#<exported name>". */
const actionsOf = (file: string, actions: Record<string, Coverage>): Record<string, Coverage> =>
  Object.fromEntries(Object.entries(actions).map(([name, coverage]) => [`${file}#${name}`, coverage]));

/** Server actions, as "<file>#<exported name>". */
export const ACTIONS: Record<string, Coverage> = {
  ...actionsOf("app/actions/copy.ts", {
    requestCopyAction: {
      owner: T.annaCopy,
      attacker: ref("lib/privacy/copy/request-copy.test.ts", "impersonating staff cannot request a copy"),
    },
  }),
  ...actionsOf("app/actions/deletion.ts", {
    requestDeletionAction: { owner: T.deletion, attacker: T.deletionNeedsConfirmation },
    cancelDeletionAction: {
      owner: T.deletion,
      attacker: ref(files.deletion, "a person cannot cancel another person's deletion request"),
    },
  }),
  ...actionsOf("app/actions/details.ts", {
    saveDetailsAction: {
      owner: T.correctAddress,
      attacker: ref(
        files.avDetails,
        "forms with the victim's id added change only the attacker's own details",
      ),
    },
    requestEmailChangeAction: { owner: T.emailChange, attacker: T.emailChangeNoOracle },
    requestIdentityCorrectionAction: {
      owner: ref(files.details, "identity data is corrected by request: the person sees it waiting"),
      attacker: T.identityCorrectionRefused,
    },
    confirmEmailChangeAction: { owner: T.emailChange, attacker: T.forgedEmailToken },
  }),
  ...actionsOf("app/actions/identity-correction.ts", {
    decideIdentityCorrectionAction: {
      owner: T.identityCorrectionDecided,
      attacker: T.identityCorrectionOnlyStaff,
    },
  }),
  ...actionsOf("app/actions/impersonation.ts", {
    startImpersonationAction: { owner: T.impersonation, attacker: T.staffReplay },
    stopImpersonationAction: {
      owner: ref(files.staff, "the stop button ends an impersonation at once"),
      attacker: T.actionsFuzz,
    },
  }),
  ...actionsOf("app/actions/language.ts", {
    setLanguageAction: { owner: T.languageSwitch, attacker: T.crossOrigin },
  }),
  ...actionsOf("app/actions/preferences.ts", {
    savePreferencesAction: { owner: T.objection, attacker: T.preferencesStrangers },
    withdrawAllAction: {
      owner: ref(files.preferences, "withdrawing everything is one click"),
      attacker: T.actionsFuzz,
    },
    objectToMarketingAction: {
      owner: T.objection,
      attacker: ref("lib/consent/consent.test.ts", "is for the person: impersonating staff cannot file it"),
    },
    confirmOptInAction: { owner: T.optIn, attacker: T.forgedLinks },
  }),
  ...actionsOf("app/actions/restriction.ts", {
    fileOwnRequestAction: { owner: T.personPages, attacker: T.restrictionOwnRequest },
  }),
  ...actionsOf("app/actions/session.ts", {
    signOutAction: { owner: T.personPages, attacker: T.actionsFuzz },
    signOutEverywhereAction: {
      owner: ref(files.signIn, "sign out everywhere ends every session"),
      attacker: ref(files.av, "the attacker's session cannot end the victim's sessions"),
    },
  }),
  ...actionsOf("app/actions/sign-in.ts", {
    requestLinkAction: { owner: T.magicLink, attacker: T.unknownAddress },
    requestStepUpAction: { owner: T.stepUp, attacker: T.actionsFuzz },
  }),
  ...actionsOf("app/actions/staff-api-keys.ts", {
    createApiKeyAction: { owner: T.adminPages, attacker: T.apiKeysAdminsOnly },
    revokeApiKeyAction: { owner: T.adminPages, attacker: T.apiKeysAdminsOnly },
  }),
  ...actionsOf("app/actions/staff-connectors.ts", {
    saveConnectorAction: {
      owner: T.connectorSettings,
      attacker: ref(
        "lib/connectors/admin.sequential.test.ts",
        "a staff member who is not an admin is refused and nothing is stored; an admin saves it",
      ),
    },
    setConnectorEnabledAction: { owner: T.connectorsAdminsOnly, attacker: T.connectorsAdminsOnly },
    removeConnectorAction: { owner: T.connectorSettings, attacker: T.connectorsAdminsOnly },
    testConnectionAction: {
      owner: T.connectorSettings,
      attacker: ref(
        "lib/connectors/admin.sequential.test.ts",
        "a staff member who is not an admin is refused; an admin's test against the fake is ok, stored and audited",
      ),
    },
  }),
  ...actionsOf("app/actions/staff-people.ts", {
    announceLiftAction: { owner: T.restriction, attacker: T.staffReplay },
    liftRestrictionAction: { owner: T.restriction, attacker: T.staffUseCasesRefused },
  }),
  ...actionsOf("app/actions/staff-requests.ts", {
    registerRequestAction: { owner: T.intake, attacker: T.staffReplay },
    resendConfirmationAction: { owner: T.intake, attacker: T.staffUseCasesRefused },
    assignRequestAction: { owner: T.queue, attacker: T.staffUseCasesRefused },
    addNoteAction: { owner: T.queue, attacker: T.staffUseCasesRefused },
    resolveRequestAction: { owner: T.resolveWithOpenTask, attacker: T.staffUseCasesRefused },
    extendRequestAction: { owner: T.intake, attacker: T.staffUseCasesRefused },
    refuseRequestAction: { owner: T.refusalReasons, attacker: T.staffUseCasesRefused },
    copyDecisionAction: {
      owner: ref("lib/staff/copy-decision.test.ts", "free: a copy that is not the free one, built at once"),
      attacker: T.staffReplay,
    },
  }),
  ...actionsOf("app/actions/staff-search.ts", {
    searchPeopleAction: { owner: T.staffSearch, attacker: T.staffUseCasesRefused },
  }),
  ...actionsOf("app/actions/staff-settings.ts", {
    addStaffAction: { owner: T.allowListAndDataMap, attacker: T.staffReplay },
    setStaffActiveAction: { owner: T.allowListAndDataMap, attacker: T.staffUseCasesRefused },
    saveGeneralSettingsAction: { owner: T.allowListAndDataMap, attacker: T.staffReplay },
    saveCategoryAction: {
      owner: ref("lib/staff/settings.test.ts", "a category saved by an admin is audited by key"),
      attacker: T.staffUseCasesRefused,
    },
    savePurposeAction: { owner: T.allowListAndDataMap, attacker: T.staffUseCasesRefused },
    saveRecipientAction: { owner: T.allowListAndDataMap, attacker: T.staffUseCasesRefused },
    saveTopicAction: {
      owner: ref("lib/staff/settings.test.ts", "a new consent topic (not offered yet) is saved"),
      attacker: T.staffUseCasesRefused,
    },
  }),
  ...actionsOf("app/actions/staff-newsletter.ts", {
    previewNewsletterAction: { owner: T.newsletterSent, attacker: T.newsletterNotAdmin },
    sendNewsletterAction: { owner: T.newsletterAdmin, attacker: T.newsletterNotAdmin },
  }),
  ...actionsOf("app/actions/staff-tasks.ts", {
    completeTaskAction: { owner: T.staffReplay, attacker: T.staffReplay },
  }),
  ...actionsOf("app/(portal)/requests/fee/actions.ts", {
    answerFeeAction: { owner: T.fee, attacker: T.fee },
  }),
  ...actionsOf("app/(public)/confirm-request/actions.ts", {
    confirmRequestAction: { owner: T.intake, attacker: T.forgedLinks },
  }),
};
